import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The target exists and overwriting was not asked for. */
export class FileExistsError extends Error {}

/**
 * Writes a file that holds keys: mode 0600 from its first byte, complete or not at all (a temporary file in the same
 * directory, synced, then renamed or linked into place). Without `overwrite`, an existing file is never replaced,
 * checked atomically by link(2), which fails on an existing name and never follows a link planted there.
 */
export async function writePrivateFile(path: string, content: string, options: { overwrite: boolean }): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.rampart-${randomBytes(6).toString('hex')}`);
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    try {
      await handle.chmod(0o600); // the umask cannot widen it, but a restrictive one is not relied on either way
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await rename(temporary, path);
      return;
    }
    try {
      await link(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(`${path} exists; pass --force to replace it`);
      throw error;
    }
    await unlink(temporary);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
