import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { BackupTarget, ObjectKey } from '../types.js';
import { checkKey, isValidKey, MAX_OBJECT_BYTES, ObjectExistsError, TargetError } from './keys.js';

const TMP = '.tmp';

/**
 * A repository in a local directory (or a mounted share). Each object is written to a temporary file, flushed, and
 * then hard-linked to its name: link() fails if the name exists, so a put is create-only and atomic, and a crash
 * leaves at most a stray file in `.tmp`, never a half-written pack under its final name.
 */
export class DirectoryTarget implements BackupTarget {
  readonly location: string;

  constructor(private readonly root: string) {
    this.location = root;
  }

  async put(key: ObjectKey, body: Uint8Array): Promise<void> {
    const path = this.path(key);
    const tmpDir = join(this.root, TMP);
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = join(tmpDir, randomBytes(12).toString('hex'));
    const handle = await open(tmp, 'wx', 0o400);
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(tmp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ObjectExistsError(`${key} already exists in ${this.location}; backups never rewrite an object`);
      throw new TargetError(`cannot write ${key} to ${this.location}: ${(error as Error).message}`);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async get(key: ObjectKey): Promise<Uint8Array | undefined> {
    const path = this.path(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new TargetError(`${key} in ${this.location} is not a file`);
      if (info.size > MAX_OBJECT_BYTES) throw new TargetError(`${key} in ${this.location} is larger than ${MAX_OBJECT_BYTES} bytes`);
      return await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (error instanceof TargetError) throw error;
      throw new TargetError(`cannot read ${key} from ${this.location}: ${(error as Error).message}`);
    }
  }

  async exists(key: ObjectKey): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch {
      return false;
    }
  }

  async list(prefix: string): Promise<ObjectKey[]> {
    const base = join(this.root, prefix);
    let entries: string[];
    try {
      entries = await readdir(base, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TargetError(`cannot list ${prefix} in ${this.location}: ${(error as Error).message}`);
    }
    const keys: ObjectKey[] = [];
    for (const entry of entries) {
      const key = relative(this.root, join(base, entry)).split(sep).join('/');
      // Directories are listed too; a key is only what is a valid name and a file.
      if (isValidKey(key) && !key.startsWith(`${TMP}/`) && (await this.exists(key))) keys.push(key);
    }
    return keys.sort();
  }

  async remove(key: ObjectKey): Promise<boolean> {
    try {
      await unlink(this.path(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new TargetError(`cannot delete ${key} from ${this.location}: ${(error as Error).message}`);
    }
    return true;
  }

  private path(key: ObjectKey): string {
    return join(this.root, ...checkKey(key).split('/'));
  }
}
