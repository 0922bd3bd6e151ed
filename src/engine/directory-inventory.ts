import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { ScanError } from '../core/finding.js';
import { EXTRACTORS, SOURCE_TREE_EXTRACTORS } from '../vulnerabilities/inventory/extractors.js';
import { extractInventory, type Inventory, type InventoryFile } from '../vulnerabilities/inventory/index.js';
import { OS_RELEASE_PATHS } from '../vulnerabilities/inventory/os-release.js';
import { inventoryIssues } from './inventory-issues.js';
import { describeFsError, walk } from './walk.js';

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
  if (markers.some(Boolean)) {
    const errors: ScanError[] = [];
    const inventory = await extractInventory(rootFsFiles(dir, errors));
    return { inventory, errors: [...errors, ...inventoryIssues(inventory)], mode: 'rootfs' };
  }
  const walked = await walk([dir], { exclude: [], cwd });
  const files = walked.entries.filter((e) => e.type === 'file' && e.kind !== undefined).map((e) => (e as { path: string }).path);
  const display = (path: string) => relative(cwd, path).split(sep).join('/');
  const inventory = await extractInventory(
    (async function* () {
      for (const path of files) yield { path: display(path), read: () => readFile(path, 'utf8') } satisfies InventoryFile;
    })(),
    { extractors: SOURCE_TREE_EXTRACTORS },
  );
  return { inventory, errors: [...walked.errors, ...inventoryIssues(inventory)], mode: 'source' };
}

/** Symlinks are never followed: in a root file system they point at the host's paths once outside the image. */
async function* rootFsFiles(root: string, errors: ScanError[]): AsyncGenerator<InventoryFile> {
  const pending = [''];
  while (pending.length > 0) {
    const rel = pending.pop()!;
    let names: string[];
    try {
      names = (await readdir(join(root, rel))).sort();
    } catch (error) {
      errors.push({ file: join(root, rel), message: describeFsError(error), level: 'warning' });
      continue;
    }
    for (const name of names) {
      const path = rel ? `${rel}/${name}` : name;
      const absolute = join(root, path);
      const info = await lstat(absolute).catch(() => undefined);
      if (!info) continue;
      if (info.isDirectory()) {
        if (!['proc', 'sys', 'dev'].includes(path)) pending.push(path);
        continue;
      }
      if (!info.isFile()) continue;
      if (!(OS_RELEASE_PATHS as readonly string[]).includes(path) && !EXTRACTORS.some((e) => e.matches(path))) continue;
      if (info.size > MAX_FILE_BYTES) {
        errors.push({ file: absolute, message: `${info.size} bytes is over the ${MAX_FILE_BYTES}-byte limit; not inventoried`, level: 'warning' });
        continue;
      }
      yield { path, read: () => readFile(absolute, 'utf8'), readBytes: () => readFile(absolute) };
    }
  }
}
