import { open, stat } from 'node:fs/promises';
import { sniffCompression } from '../layers/decompress.js';
import type { ImageSource } from '../types.js';
import { ArchiveError } from './blob.js';
import { openDockerArchive } from './docker-archive.js';
import { DirectoryFiles, TarFiles, type ArchiveFiles } from './files.js';
import { openOciLayout } from './oci-layout.js';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits, type ArchiveOptions } from './source.js';

export interface OpenArchiveOptions extends ArchiveOptions {
  /** Image to pick: a tag (`repo:tag` for docker save, the ref name for OCI) or `@N` (docker save, N-th image). */
  ref?: string;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** `file.tar:repo:tag` → the longest existing path before a colon, and the rest as the image to pick. */
async function isCompressed(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    return sniffCompression(head.subarray(0, bytesRead)) !== 'none';
  } finally {
    await file.close();
  }
}

async function splitReference(argument: string): Promise<{ path: string; ref?: string }> {
  if (await exists(argument)) return { path: argument };
  for (let colon = argument.indexOf(':'); colon !== -1; colon = argument.indexOf(':', colon + 1)) {
    const path = argument.slice(0, colon);
    if (path !== '' && (await exists(path))) return { path, ref: argument.slice(colon + 1) };
  }
  throw new ArchiveError(`${argument}: no such file or directory`);
}

function describe(transport: string, path: string, ref: string | undefined): string {
  return ref === undefined ? `${transport}:${path}` : `${transport}:${path}:${ref}`;
}

async function openFormat(files: ArchiveFiles, kind: 'directory' | 'tar', path: string, ref: string | undefined, options: ArchiveOptions, limits: ArchiveLimits): Promise<ImageSource> {
  if ((await files.size('manifest.json')) !== undefined) {
    return openDockerArchive(files, { ref, reference: describe('docker-archive', path, ref), signal: options.signal }, limits);
  }
  if ((await files.size('oci-layout')) !== undefined) {
    const selection = { reference: describe(kind === 'directory' ? 'oci' : 'oci-archive', path, ref), ref, platform: options.platform, signal: options.signal };
    return openOciLayout(files, selection, limits);
  }
  throw new ArchiveError(
    kind === 'directory'
      ? `${path}: not an OCI image layout (no oci-layout file) nor an unpacked docker save (no manifest.json)`
      : `${path}: a tar archive, but neither a docker save (no manifest.json) nor an OCI archive (no oci-layout)`,
  );
}

/**
 * Opens a local image: an OCI layout directory, an OCI archive, or a `docker save` tarball (directory or tar), told
 * apart by their contents. `path` may end in `:ref` to pick an image by tag. Tars are read in place through an index
 * of their members; nothing is extracted.
 */
export async function openImageArchive(path: string, options: OpenArchiveOptions = {}): Promise<ImageSource> {
  const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  const split = await splitReference(path);
  const ref = options.ref ?? split.ref;
  const isDirectory = (await stat(split.path)).isDirectory();
  if (!isDirectory && (await isCompressed(split.path))) throw new ArchiveError(`${split.path}: a compressed file; decompress it first (image archives are read in place, which needs a plain tar)`);
  const files = isDirectory ? await DirectoryFiles.open(split.path) : await TarFiles.open(split.path, { maxMembers: limits.maxMembers, maxMetadataSize: 1024 * 1024 });
  try {
    return await openFormat(files, isDirectory ? 'directory' : 'tar', split.path, ref, options, limits);
  } catch (err) {
    await files.close();
    throw err;
  }
}
