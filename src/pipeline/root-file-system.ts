import { displayPath, relativePosix } from '../core/display-path.js';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { EXTRACTORS } from '../checks/vulnerabilities/inventory/extractors.js';
import { extractInventory, type Inventory, type InventoryFile } from '../checks/vulnerabilities/inventory/index.js';
import { OS_RELEASE_PATHS } from '../checks/vulnerabilities/inventory/os-release.js';
import { readRegularFile } from '../sources/directory/read-input.js';
import { walk } from '../sources/directory/walk.js';
import { sourceOf, type RootFile, type Source, type SourceEntry } from '../sources/source.js';

/** Package databases that mark a directory as an unpacked root file system rather than a source checkout. */
const ROOT_FS_MARKERS = [...OS_RELEASE_PATHS, 'var/lib/dpkg/status', 'lib/apk/db/installed', 'var/lib/rpm/rpmdb.sqlite'];
/** Binaries (Go programs, fat jars) and lockfiles can be large; a bigger file is reported and skipped. */
export const MAX_INVENTORY_FILE_BYTES = 512 * 1024 * 1024;

/** As Buffer decodes (a byte-order mark kept, as the extractors have always been given it), without a copy. */
const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** Whether `dir` holds an OS's package database or os-release: an image's root, inventoried as an image is. */
export async function isRootFileSystem(dir: string): Promise<boolean> {
  const markers = await Promise.all(ROOT_FS_MARKERS.map((marker) => exists(join(dir, marker))));
  return markers.some(Boolean);
}

/**
 * An unpacked root file system as a source: its os-release and every file an extractor reads (package databases and
 * binaries too), by their paths relative to the root. The walk is contained (no links followed, the kernel's mount
 * points not entered: walk.ts); the image's own ignore files are not the user's, `exclude` is. Display paths of its
 * warnings are relative to `cwd`.
 */
export function rootFileSystemSource(dir: string, cwd: string, exclude: string[] = []): Source {
  const select = (path: string) => (OS_RELEASE_PATHS as readonly string[]).includes(path) || EXTRACTORS.some((e) => e.matches(path));
  return sourceOf('directory', displayPath(cwd, dir), async function* (): AsyncGenerator<SourceEntry> {
    const walked = await walk([dir], { exclude, cwd, rootFileSystem: { select } });
    for (const error of walked.errors) yield { type: 'error', error };
    const files: RootFile[] = [];
    for (const entry of walked.entries) {
      if (entry.type !== 'file') continue;
      const path = relativePosix(dir, entry.path);
      const size = (await lstat(entry.path).catch(() => undefined))?.size ?? 0;
      if (size > MAX_INVENTORY_FILE_BYTES) {
        yield { type: 'error', error: { file: path, message: `${size} bytes is over the ${MAX_INVENTORY_FILE_BYTES}-byte limit; not inventoried`, level: 'warning' } };
        continue;
      }
      files.push({ path, read: () => readRegularFile(entry.path, MAX_INVENTORY_FILE_BYTES) });
    }
    yield { type: 'root-files', files };
  });
}

/** Every extractor over a root file system's files, the OS named by its os-release. */
export async function inventoryRootFiles(files: readonly RootFile[]): Promise<Inventory> {
  return extractInventory(
    (async function* () {
      for (const file of files) yield { path: file.path, read: async () => text(await file.read()), readBytes: () => file.read() } satisfies InventoryFile;
    })(),
  );
}
