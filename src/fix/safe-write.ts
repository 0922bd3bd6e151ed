import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { chown, lstat, open, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isInside } from '../sources/directory/inside.js';

/** Why `rampart fix` left a file alone; the message is for the user. */
export class FixRefused extends Error {}

/**
 * The real paths of the scanned roots: `rampart fix` writes inside them and nowhere else (a
 * kustomization's `../base` is scanned, but is not the user's to have rewritten by this run).
 */
export async function fixRoots(paths: readonly string[]): Promise<string[]> {
  const roots = await Promise.all(paths.map((path) => realpath(path).catch(() => undefined)));
  return roots.filter((root): root is string => root !== undefined);
}

/**
 * Checks that `path` may be rewritten: a regular file, not a symbolic link, whose real location is
 * inside one of `roots`. Returns the real path to write; throws FixRefused otherwise.
 */
export async function checkFixTarget(path: string, roots: readonly string[]): Promise<{ real: string; info: Stats }> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) throw new FixRefused('cannot be read');
  if (info.isSymbolicLink()) throw new FixRefused('is a symbolic link; rampart fix never writes through one (fix the file it points at)');
  if (!info.isFile()) throw new FixRefused('is not a regular file');
  // The file itself is no link, but a directory on its way may be: resolve the directory.
  const real = join(await realpath(dirname(path)), basename(path));
  if (!roots.some((root) => isInside(root, real))) throw new FixRefused('is outside the scanned paths; rampart fix only writes inside them');
  return { real, info };
}

/**
 * Replaces the file's content by writing a sibling temporary file and renaming it over the file, so
 * nothing is ever written through a link (not even a hard link's other names); mode and, where
 * permitted, owner are kept. The file is checked again right before the rename.
 */
export async function writeFixedFile(path: string, content: string, roots: readonly string[]): Promise<void> {
  const { real, info } = await checkFixTarget(path, roots);
  const temporary = join(dirname(real), `.${basename(real)}.rampart-${randomBytes(6).toString('hex')}`);
  // O_EXCL: never opens an existing file, nor follows a link planted at the temporary name.
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, info.mode & 0o7777);
  try {
    try {
      await handle.writeFile(content);
      await handle.chmod(info.mode & 0o7777);
    } finally {
      await handle.close();
    }
    await chown(temporary, info.uid, info.gid).catch(() => undefined); // only root may give a file away
    const now = await checkFixTarget(path, roots);
    if (now.info.ino !== info.ino || now.info.dev !== info.dev) throw new FixRefused('changed while it was being fixed');
    await rename(temporary, real);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
