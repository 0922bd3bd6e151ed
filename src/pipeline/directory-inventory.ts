import type { ScanError } from '../core/finding.js';
import { isPackageFile } from '../checks/vulnerabilities/inventory/extractors.js';
import type { Inventory } from '../checks/vulnerabilities/inventory/index.js';
import { inputSource } from '../sources/inputs.js';
import type { Source } from '../sources/source.js';
import { scanInventory } from './inventory-scan.js';
import { isRootFileSystem, MAX_INVENTORY_FILE_BYTES, rootFileSystemSource } from './root-file-system.js';

export interface DirectoryInventory {
  inventory: Inventory;
  errors: ScanError[];
  /** `rootfs`: every extractor over paths relative to the directory; `source`: lockfiles, as `scan` reads them. */
  mode: 'rootfs' | 'source';
}

export interface DirectoryInventorySource {
  source: Source;
  mode: DirectoryInventory['mode'];
}

/**
 * What the inventory of a directory reads: an unpacked root file system (an OS's package database or os-release at
 * its root) as an image's, its ignore files not applying; otherwise the lockfiles of the walk `scan` does, .gitignore
 * honoured. `exclude` applies to both. A lockfile may be as large as a root file system's binaries: an SBOM that left
 * one out would misstate the subject.
 */
export async function directoryInventorySource(dir: string, cwd: string, exclude: string[] = []): Promise<DirectoryInventorySource> {
  if (await isRootFileSystem(dir)) return { source: rootFileSystemSource(dir, cwd, exclude), mode: 'rootfs' };
  return {
    source: inputSource({ paths: [dir], cwd, exclude, packageFiles: isPackageFile, packageFilesOnly: true, maxFileBytes: MAX_INVENTORY_FILE_BYTES }),
    mode: 'source',
  };
}

/** The packages of a source checkout (lockfiles) or of an unpacked root file system (package databases too). */
export async function inventoryDirectory(dir: string, cwd: string): Promise<DirectoryInventory> {
  const { source, mode } = await directoryInventorySource(dir, cwd);
  const result = await scanInventory({ sources: [source] });
  return { inventory: result.inventory, errors: result.report.errors, mode };
}
