import type { ScanError } from '../core/finding.js';
import type { PackageLocation } from '../core/vulnerability.js';
import { openImageArchive } from '../sources/image/archive/index.js';
import { startDeadline } from '../sources/image/deadline.js';
import { readImageFiles } from '../sources/image/layers/index.js';
import { imageInventoryFiles } from './image-inventory-files.js';
import { openRegistryImage, type RegistryImageOptions } from '../sources/image/registry/client.js';
import type { ImageSource, LayerRef } from '../sources/image/types.js';
import type { Platform } from '../sources/image/types.js';
import { EXTRACTORS } from '../checks/vulnerabilities/inventory/extractors.js';
import { extractInventory, type Inventory, type Package } from '../checks/vulnerabilities/inventory/index.js';
import { OS_RELEASE_PATHS } from '../checks/vulnerabilities/inventory/os-release.js';
import { runImageConfigRules } from './image-config.js';
import { inventoryIssues } from './inventory-issues.js';
import { selectRules } from './rule-selection.js';
import { redactSecrets } from './secrets.js';
import { buildReport } from './report-builder.js';
import type { ScanOptions, ScanResult } from './scan.js';
import { findVulnerabilities, type VulnerabilityScanOptions } from './vulnerabilities.js';

export interface ImageLocator {
  /** A registry reference (`ghcr.io/acme/app:1.2`), or the display name of `archive`. */
  reference: string;
  /** A `docker save` tarball, OCI layout directory or OCI archive; the registry is not contacted. */
  archive?: string;
  platform?: Platform;
  registry?: Omit<RegistryImageOptions, 'platform' | 'signal'>;
  /** Everything read from the image (registry requests, downloads, layers) within this time. Default 5 minutes. */
  timeoutMs?: number;
}

const DEFAULT_IMAGE_TIMEOUT_MS = 5 * 60 * 1000;

export type ImageScanOptions = Pick<ScanOptions, 'settings' | 'rules' | 'severities' | 'exemptions' | 'ignoreEntries' | 'baseline' | 'strict' | 'now'> & {
  image: ImageLocator;
  vulnerabilities: VulnerabilityScanOptions;
};

/** The image with its deadline running: it covers opening it and every layer read until `close()`. */
export async function openImage(locator: ImageLocator): Promise<ImageSource> {
  const timeoutMs = locator.timeoutMs ?? DEFAULT_IMAGE_TIMEOUT_MS;
  const deadline = startDeadline(timeoutMs, `timed out: the image was not read within ${formatDuration(timeoutMs)} (raise it with --timeout)`);
  const common = { signal: deadline.signal, ...(locator.platform ? { platform: locator.platform } : {}) };
  try {
    const source = locator.archive ? await openImageArchive(locator.archive, common) : await openRegistryImage(locator.reference, { ...locator.registry, ...common });
    return {
      ...source,
      close: async () => {
        deadline.cancel();
        await source.close();
      },
    };
  } catch (error) {
    deadline.cancel();
    throw error;
  }
}

function formatDuration(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`;
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
  // Layer failures throw (nothing unverified is reported); what remains are skipped entries, which are warnings.
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
    return buildReport({ ...state, target: { type: 'image', name: options.image.reference } });
  }
  try {
    // Layers first: an image that fails verification reports nothing at all, its config's findings included.
    const scanned = await inventoryImage(source);
    const configRules = runImageConfigRules(options.image.reference, source.config, selection.image, options.settings);
    state.hits.push(...configRules.hits);
    state.errors.push(...configRules.errors);
    state.errors.push(...scanned.errors);
    const { inventory } = scanned;
    state.files = scanned.layers.size;
    state.packages = inventory.packages.length;
    const found = await findVulnerabilities(inventory.packages, options.vulnerabilities, now, layerLocator(scanned.layers));
    state.errors.push(...found.errors);
    state.vulnerabilities = found.vulnerabilities;
    const os = inventory.os ? `${inventory.os.id} ${inventory.os.versionId}`.trim() : undefined;
    return buildReport({
      ...state,
      unchecked: found.unchecked,
      target: { type: 'image', name: options.image.reference, ...(source.manifestDigest ? { digest: source.manifestDigest } : {}), ...(os ? { os } : {}) },
    });
  } catch (error) {
    state.errors.push({ file: options.image.reference, message: (error as Error).message });
    return buildReport({ ...state, target: { type: 'image', name: options.image.reference } });
  } finally {
    await source.close();
  }
}
