import type { ScanError } from '../core/finding.js';
import type { PackageLocation } from '../core/vulnerability.js';
import { openImageArchive } from '../image/archive/index.js';
import { imageInventoryFiles, readImageFiles } from '../image/layers/index.js';
import { openRegistryImage, type RegistryImageOptions } from '../image/registry/client.js';
import type { ImageSource, LayerRef } from '../image/types.js';
import type { Platform } from '../image/types.js';
import { EXTRACTORS } from '../vulnerabilities/inventory/extractors.js';
import { extractInventory, type Inventory, type Package } from '../vulnerabilities/inventory/index.js';
import { OS_RELEASE_PATHS } from '../vulnerabilities/inventory/os-release.js';
import { runImageConfigRules } from './image-config.js';
import { inventoryIssues } from './inventory-issues.js';
import { selectRules } from './registry.js';
import { redactSecrets } from './secrets.js';
import { finishScan, type ScanOptions, type ScanResult } from './scan.js';
import { findVulnerabilities, type VulnerabilityScanOptions } from './vulnerabilities.js';

export interface ImageLocator {
  /** A registry reference (`ghcr.io/acme/app:1.2`), or the display name of `archive`. */
  reference: string;
  /** A `docker save` tarball, OCI layout directory or OCI archive; the registry is not contacted. */
  archive?: string;
  platform?: Platform;
  registry?: Omit<RegistryImageOptions, 'platform'>;
}

export type ImageScanOptions = Pick<ScanOptions, 'settings' | 'rules' | 'severities' | 'exemptions' | 'ignoreEntries' | 'baseline' | 'strict' | 'now'> & {
  image: ImageLocator;
  vulnerabilities: VulnerabilityScanOptions;
};

export async function openImage(locator: ImageLocator): Promise<ImageSource> {
  if (locator.archive) return openImageArchive(locator.archive, locator.platform ? { platform: locator.platform } : {});
  return openRegistryImage(locator.reference, { ...locator.registry, ...(locator.platform ? { platform: locator.platform } : {}) });
}

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

const wantedByInventory = (path: string): boolean =>
  (OS_RELEASE_PATHS as readonly string[]).includes(path) || EXTRACTORS.some((extractor) => extractor.matches(path));

/** Streams the layers once, keeping only files an extractor reads, and inventories the squashed file system. */
export async function inventoryImage(source: ImageSource): Promise<ImageInventory> {
  const read = await readImageFiles(source, { wanted: wantedByInventory });
  const display = source.reference;
  const errors: ScanError[] = read.warnings.map((w) => ({
    file: w.path ? `${display}:${w.path}` : display,
    message: `${w.layer ? `layer ${w.layer.digest.slice(0, 19)}: ` : ''}${w.message}`,
    level: 'warning',
  }));
  const inventory = await extractInventory(imageInventoryFiles(read.files));
  errors.push(...inventoryIssues(inventory).map((e) => ({ ...e, file: `${display}:${e.file}` })));
  const layers = new Map(read.files.map((f) => [f.path, f.layer]));
  return { source, inventory, layers, errors };
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

/** `rampart image`: the image's packages against the vulnerability database, and its config against the image rules. */
export async function scanImage(options: ImageScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const selection = selectRules(options.rules, options.settings);
  const state = {
    hits: [] as ReturnType<typeof runImageConfigRules>['hits'],
    errors: [] as ScanError[],
    directives: new Map(),
    selection: { ...selection, metas: selection.metas.filter((m) => m.target === 'image') },
    options,
    now,
    started,
    files: 0,
    resources: 0,
    packages: 0,
    vulnerabilities: [] as Awaited<ReturnType<typeof findVulnerabilities>>['vulnerabilities'],
  };
  let source: ImageSource;
  try {
    source = await openImage(options.image);
  } catch (error) {
    state.errors.push({ file: options.image.reference, message: (error as Error).message });
    return finishScan({ ...state, target: { type: 'image', name: options.image.reference } });
  }
  try {
    const configRules = runImageConfigRules(options.image.reference, source.config, selection.image, options.settings);
    state.hits.push(...configRules.hits);
    state.errors.push(...configRules.errors);
    const scanned = await inventoryImage(source);
    state.errors.push(...scanned.errors);
    const { inventory } = scanned;
    state.files = scanned.layers.size;
    state.packages = inventory.packages.length;
    const found = await findVulnerabilities(inventory.packages, options.vulnerabilities, now, layerLocator(scanned.layers));
    state.errors.push(...found.errors);
    state.vulnerabilities = found.vulnerabilities;
    const os = inventory.os ? `${inventory.os.id} ${inventory.os.versionId}`.trim() : undefined;
    return finishScan({
      ...state,
      target: { type: 'image', name: options.image.reference, ...(source.manifestDigest ? { digest: source.manifestDigest } : {}), ...(os ? { os } : {}) },
    });
  } catch (error) {
    state.errors.push({ file: options.image.reference, message: (error as Error).message });
    return finishScan({ ...state, target: { type: 'image', name: options.image.reference } });
  } finally {
    await source.close();
  }
}
