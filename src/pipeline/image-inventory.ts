import type { ScanError } from '../core/finding.js';
import type { PackageLocation } from '../core/vulnerability.js';
import { EXTRACTORS } from '../checks/vulnerabilities/inventory/extractors.js';
import { extractInventory, type Inventory, type Package } from '../checks/vulnerabilities/inventory/index.js';
import { OS_RELEASE_PATHS } from '../checks/vulnerabilities/inventory/os-release.js';
import type { ImageFile } from '../sources/image/layers/squash.js';
import { readWantedImageFiles } from '../sources/image/source.js';
import type { ImageSource, LayerRef } from '../sources/image/types.js';
import { imageInventoryFiles } from './image-inventory-files.js';
import { inventoryIssues } from './inventory-issues.js';
import { redactSecrets } from './secrets.js';

export interface ImageInventory {
  source: ImageSource;
  inventory: Inventory;
  /** The layer each inventoried file came from, keyed by its path in the image. */
  layers: Map<string, LayerRef>;
  errors: ScanError[];
}

/** Jar members are reported as `app.jar!BOOT-INF/lib/x.jar`: the layer is the outer archive's. */
function containerFile(file: string): string {
  const bang = file.indexOf('!');
  return bang === -1 ? file : file.slice(0, bang);
}

/** What the inventory reads from an image: os-release and the files an extractor matches. */
export const wantedByInventory = (path: string): boolean =>
  (OS_RELEASE_PATHS as readonly string[]).includes(path) || EXTRACTORS.some((extractor) => extractor.matches(path));

/** Streams the layers once, keeping only files an extractor reads, and inventories the squashed file system. */
export async function inventoryImage(source: ImageSource): Promise<ImageInventory> {
  const read = await readWantedImageFiles(source, { wanted: wantedByInventory });
  const scanned = await inventoryImageFiles(source.reference, read.files);
  return { source, ...scanned, errors: [...read.errors, ...scanned.errors] };
}

/** The packages of an image's files, the layer each file came from, and what could not be inventoried. */
export async function inventoryImageFiles(reference: string, files: ImageFile[]): Promise<Omit<ImageInventory, 'source'>> {
  const inventory = await extractInventory(imageInventoryFiles(files));
  const errors = inventoryIssues(inventory).map((e) => ({ ...e, file: `${reference}:${e.file}` }));
  return { inventory, layers: new Map(files.map((f) => [f.path, f.layer])), errors };
}

/** History lines carry whatever the build command held (`RUN curl https://user:pw@...`): redacted before any output. */
export function layerLocator(layers: ReadonlyMap<string, LayerRef>): (pkg: Package) => PackageLocation['layer'] {
  return (pkg) => {
    const layer = layers.get(containerFile(pkg.file));
    if (!layer) return undefined;
    const createdBy = layer.createdBy === undefined ? undefined : redactSecrets(layer.createdBy);
    return { digest: layer.digest, ...(layer.diffId ? { diffId: layer.diffId } : {}), ...(createdBy ? { createdBy } : {}) };
  };
}
