import { EXTRACTORS, isOsExtractor } from './extractors.js';
import { withOs } from './os/os-package.js';
import { detectOs, OS_RELEASE_PATHS, type OsInfo } from './os-release.js';
import type { Extractor, ExtractError, ExtractResult, Package } from '../../../core/package.js';

export interface InventoryFile {
  /** POSIX path relative to the scanned root. */
  path: string;
  read(): Promise<string>;
  /** Needed only by binary formats (rpmdb.sqlite); without it those files are reported, not read. */
  readBytes?(): Promise<Uint8Array>;
}

export interface InventoryOptions {
  extractors?: readonly Extractor[];
  /** Known distribution (e.g. from image config); otherwise os-release among the files decides. */
  os?: OsInfo;
}

export interface InventoryIssue extends ExtractError {
  file: string;
  extractor: string;
}

export interface Inventory {
  packages: Package[];
  os?: OsInfo;
  errors: InventoryIssue[];
  skipped: InventoryIssue[];
}

function isOsRelease(path: string): boolean {
  return (OS_RELEASE_PATHS as readonly string[]).includes(path);
}

async function runExtractor(extractor: Extractor, file: InventoryFile, text: () => Promise<string>): Promise<ExtractResult> {
  if (extractor.extractBinary) {
    if (!file.readBytes) return { packages: [], errors: [{ message: 'binary database but no byte reader was provided' }] };
    return extractor.extractBinary({ path: file.path, bytes: await file.readBytes() });
  }
  return extractor.extract({ path: file.path, text: await text() });
}

/**
 * Offers each path to every extractor; the caller owns the walk and the reads, so the same code serves a directory,
 * an image layer stack or an archive. A read failure becomes an issue on that file, never an exception.
 */
export async function extractInventory(files: AsyncIterable<InventoryFile>, options: InventoryOptions = {}): Promise<Inventory> {
  const extractors = options.extractors ?? EXTRACTORS;
  const inventory: Inventory = { packages: [], errors: [], skipped: [] };
  const osReleases = new Map<string, string>();
  const osPackages = new Set<Package>();

  for await (const file of files) {
    if (isOsRelease(file.path) && !options.os) {
      try {
        osReleases.set(file.path, await file.read());
      } catch (err) {
        inventory.errors.push({ file: file.path, extractor: 'os-release', message: `cannot read: ${(err as Error).message}` });
      }
    }
    const wanted = extractors.filter((extractor) => extractor.matches(file.path));
    if (wanted.length === 0) continue;
    let cached: Promise<string> | undefined;
    const text = () => (cached ??= file.read());
    for (const extractor of wanted) {
      const issue = (e: ExtractError): InventoryIssue => ({ file: file.path, extractor: extractor.name, ...e });
      let result: ExtractResult;
      try {
        result = await runExtractor(extractor, file, text);
      } catch (err) {
        inventory.errors.push(issue({ message: `cannot read: ${(err as Error).message}` }));
        continue;
      }
      inventory.packages.push(...result.packages);
      if (isOsExtractor(extractor)) result.packages.forEach((pkg) => osPackages.add(pkg));
      inventory.errors.push(...result.errors.map(issue));
      inventory.skipped.push(...(result.skipped ?? []).map(issue));
    }
  }

  const releaseText = OS_RELEASE_PATHS.map((path) => osReleases.get(path)).find((text) => text !== undefined);
  const os = options.os ?? (releaseText === undefined ? undefined : detectOs(releaseText));
  if (os) {
    inventory.os = os;
    inventory.packages = inventory.packages.map((pkg) => (osPackages.has(pkg) ? withOs(pkg, os) : pkg));
  }
  return inventory;
}
