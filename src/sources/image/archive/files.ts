import { createReadStream } from 'node:fs';
import { lstat, open, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { normalizeEntryPath, resolveSymlinkTarget } from '../layers/paths.js';
import { ArchiveError } from './blob.js';
import { indexTar, type TarIndexLimits, type TarMember } from './tar-index.js';

/** Layers are read sequentially and whole; the default 64 KiB reads cost more in round trips than they save in memory. */
const READ_CHUNK = 1024 * 1024;

/** Read-only access to the named files of an image archive, whether a directory or a tar. */
export interface ArchiveFiles {
  /** For messages. */
  readonly location: string;
  /** Size in bytes, or undefined when there is no such regular file. */
  size(name: string): Promise<number | undefined>;
  open(name: string): Promise<Readable>;
  close(): Promise<void>;
}

function checkedName(name: string, location: string): string {
  const path = normalizeEntryPath(name);
  if (path === undefined) throw new ArchiveError(`${location}: invalid member name ${JSON.stringify(name)}`);
  return path;
}

/** A directory (OCI layout, unpacked docker save). Files must be regular files inside the root, symlinks included. */
export class DirectoryFiles implements ArchiveFiles {
  private constructor(
    readonly location: string,
    private readonly root: string,
  ) {}

  static async open(directory: string): Promise<DirectoryFiles> {
    return new DirectoryFiles(directory, await realpath(directory));
  }

  private async resolve(name: string): Promise<string | undefined> {
    const path = join(this.root, ...checkedName(name, this.location).split('/'));
    let real: string;
    try {
      real = await realpath(path);
    } catch {
      return undefined;
    }
    if (!real.startsWith(this.root + sep)) throw new ArchiveError(`${this.location}: ${name} resolves outside the directory`);
    return (await lstat(real)).isFile() ? real : undefined;
  }

  async size(name: string): Promise<number | undefined> {
    const path = await this.resolve(name);
    return path === undefined ? undefined : (await lstat(path)).size;
  }

  async open(name: string): Promise<Readable> {
    const path = await this.resolve(name);
    if (path === undefined) throw new ArchiveError(`${this.location}: ${name} not found`);
    return createReadStream(path, { highWaterMark: READ_CHUNK });
  }

  async close(): Promise<void> {}
}

const MAX_LINK_HOPS = 16;

/** A tar indexed once; members are streamed from their offsets, nothing is extracted. */
export class TarFiles implements ArchiveFiles {
  private constructor(
    readonly location: string,
    private readonly members: Map<string, TarMember>,
  ) {}

  static async open(path: string, limits: TarIndexLimits): Promise<TarFiles> {
    const file = await open(path, 'r');
    try {
      const members = new Map<string, TarMember>();
      for (const member of (await indexTar(file, limits)).values()) {
        const name = normalizeEntryPath(member.name);
        if (name !== undefined) members.set(name, member);
      }
      return new TarFiles(path, members);
    } finally {
      await file.close();
    }
  }

  /** docker save links duplicate layers (`<id>/layer.tar -> ../<other>/layer.tar`); links stay inside the archive. */
  private member(name: string): TarMember | undefined {
    let path = checkedName(name, this.location);
    for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
      const member = this.members.get(path);
      if (!member) return undefined;
      if (member.type === 'file') return member;
      if (member.type === 'symlink') path = resolveSymlinkTarget(path, member.linkname);
      else if (member.type === 'hardlink') path = normalizeEntryPath(member.linkname) ?? '';
      else return undefined;
    }
    throw new ArchiveError(`${this.location}: too many links resolving ${name}`);
  }

  async size(name: string): Promise<number | undefined> {
    return this.member(name)?.size;
  }

  async open(name: string): Promise<Readable> {
    const member = this.member(name);
    if (!member) throw new ArchiveError(`${this.location}: ${name} not found in the archive`);
    if (member.size === 0) return Readable.from([]);
    return createReadStream(this.location, { start: member.offset, end: member.offset + member.size - 1, highWaterMark: READ_CHUNK });
  }

  async close(): Promise<void> {}
}
