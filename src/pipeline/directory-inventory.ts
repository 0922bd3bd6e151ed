import { relativePosix } from '../core/display-path.js';
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanError } from '../core/finding.js';
import { EXTRACTORS, isPackageFile, SOURCE_TREE_EXTRACTORS } from '../checks/vulnerabilities/inventory/extractors.js';
import { extractInventory, type Inventory, type InventoryFile } from '../checks/vulnerabilities/inventory/index.js';
import { OS_RELEASE_PATHS } from '../checks/vulnerabilities/inventory/os-release.js';
import { inventoryIssues } from './inventory-issues.js';
import { readRegularFile } from '../sources/directory/read-input.js';
import { walk } from '../sources/directory/walk.js';

/** Package databases that mark a directory as an unpacked root file system rather than a source checkout. */
const ROOT_FS_MARKERS = [...OS_RELEASE_PATHS, 'var/lib/dpkg/status', 'lib/apk/db/installed', 'var/lib/rpm/rpmdb.sqlite'];
/** Binaries (Go programs, fat jars) can be large; a bigger file is reported and skipped. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface DirectoryInventory {
  inventory: Inventory;
  errors: ScanError[];
  /** `rootfs`: every extractor over paths relative to the directory; `source`: lockfiles, as `scan` reads them. */
  mode: 'rootfs' | 'source';
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

/** The packages of a source checkout (lockfiles) or of an unpacked root file system (package databases too). */
export async function inventoryDirectory(dir: string, cwd: string): Promise<DirectoryInventory> {
  const markers = await Promise.all(ROOT_FS_MARKERS.map((marker) => exists(join(dir, marker))));
  const rootFs = markers.some(Boolean);
  const select = (path: string) => (OS_RELEASE_PATHS as readonly string[]).includes(path) || EXTRACTORS.some((e) => e.matches(path));
  const walked = await walk([dir], { exclude: [], cwd, ...(rootFs ? { rootFileSystem: { select } } : { packageFiles: isPackageFile }) });
  const files = walked.entries.flatMap((e) => (e.type === 'file' && e.kind !== undefined ? [e.path] : []));
  // Root file system paths are relative to the root, as extractors and os-release detection expect them.
  const name = rootFs ? (path: string) => relativePosix(dir, path) : (path: string) => relativePosix(cwd, path);
  const errors: ScanError[] = [...walked.errors];
  const inventory = await extractInventory(
    (async function* () {
      for (const path of files) {
        const size = (await lstat(path).catch(() => undefined))?.size ?? 0;
        if (size > MAX_FILE_BYTES) {
          errors.push({ file: name(path), message: `${size} bytes is over the ${MAX_FILE_BYTES}-byte limit; not inventoried`, level: 'warning' });
          continue;
        }
        const read = () => readRegularFile(path, MAX_FILE_BYTES);
        yield { path: name(path), read: async () => (await read()).toString('utf8'), readBytes: read } satisfies InventoryFile;
      }
    })(),
    rootFs ? {} : { extractors: SOURCE_TREE_EXTRACTORS },
  );
  return { inventory, errors: [...errors, ...inventoryIssues(inventory)], mode: rootFs ? 'rootfs' : 'source' };
}
