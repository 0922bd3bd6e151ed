import { displayPath } from '../core/display-path.js';
import type { ScanError } from '../core/finding.js';
import type { IgnoreDirective } from '../core/ignore-directive.js';
import type { PackageLocation, UncheckedFile, VulnerabilityFinding } from '../core/vulnerability.js';
import type { Inventory, InventoryFile, InventoryIssue, Package } from '../checks/vulnerabilities/inventory/index.js';
import type { LayerRef } from '../sources/image/types.js';
import { atLeast, type Severity } from '../core/severity.js';
import type { RuleSettings } from '../core/settings.js';
import type { SuppressionEntry } from '../config/suppression-entry.js';
import type { KubernetesObject } from '../parsers/kubernetes/objects.js';
import { DEFAULT_MAX_FILE_BYTES, readOtherFile } from '../sources/directory/read-input.js';
import { SecretSearch } from './secrets.js';
import type { SecretRule } from '../checks/rules/secrets/index.js';
import type { VulnerabilityScanOptions } from './vulnerabilities.js';
import type { FileOutcome } from './file-checks.js';
import { checkedEntries } from './workers/checked-entries.js';
import type { RuleSelection } from './rule-selection.js';
import type { RuleHit } from '../core/rule-hit.js';
import type { RuleConfig } from '../config/config.js';
import type { InputOptions } from '../sources/inputs.js';
import type { Source, SourceEntry } from '../sources/source.js';
import { buildReport, type ReportPolicy, type ReportResult } from './report-builder.js';
import type { BlobSecretSearch } from './blob-secrets.js';
import type { GitHistoryProgress } from '../checks/secrets/history/history.js';
import type { ScanTarget } from '../core/report.js';
import type { LoadedPolicies } from '../checks/policies/index.js';

export { STDIN_DISPLAY, STDIN_PATH } from '../sources/inputs.js';
/** Stands for "whatever namespace the release is installed into" when none was given. */
const HELM_RELEASE_NAMESPACE = '<release namespace>';

export interface ScanOptions extends InputOptions {
  settings: RuleSettings;
  rules: Record<string, RuleConfig>;
  /** Only these severities are reported; undefined reports all. */
  severities?: Severity[];
  exemptions: SuppressionEntry[];
  ignoreEntries: SuppressionEntry[];
  baseline?: Set<string>;
  strict: boolean;
  now?: Date;
  /** Secret detectors defined in `rampart.yaml`. */
  customSecrets?: SecretRule[];
  /** Run the secret detectors over every text file (unclassified ones included) and over chart and kustomize sources. */
  secrets?: boolean;
  /** Inventory the lockfiles among the inputs (and `packages`, e.g. from an SBOM) and match them; off when absent. */
  vulnerabilities?: VulnerabilityScanOptions & { sbomFiles?: Array<{ path: string; display: string }> };
  /** Users' own policies (`policies:` in rampart.yaml, `--policy`): run over every object; their load errors are the report's. */
  policies?: LoadedPolicies;
  /** Told the running count of files read and of their bytes, after each entry that changes it: for a progress line. */
  onFiles?: (files: number, bytes: number) => void;
  /** Told how long each phase took (ScanPhase), as it ends: for `--debug`. */
  onPhase?: (phase: ScanPhase, ms: number) => void;
  /** Stops the scan at the next entry (its sources closed) with the signal's reason: a deadline, never a partial report. */
  signal?: AbortSignal;
}

/**
 * What a scan spends its time on: reading sources (the walk, files, git, image layers), rendering charts and
 * kustomizations, parsing and checking files, set rules, users' policies, matching vulnerabilities, building the report.
 */
export type ScanPhase = 'read' | 'render' | 'parse and check' | 'set rules' | 'policies' | 'vulnerabilities' | 'report';

export interface ScanResult extends ReportResult {
  /** Every package inventoried, when the checks inventoried (`inventory` or `vulnerabilities`): `inventory.packages`. */
  packages?: Package[];
  /**
   * What an SBOM of the subject lists, when the checks inventoried: the packages, the OS an image's (or root file
   * system's) os-release names, and what the extractors could not read (in the report's errors too).
   */
  inventory?: Inventory;
  /** An image's, when its files were read to the verified end: the layer each inventoried file came from, by path. */
  layers?: ReadonlyMap<string, LayerRef>;
}

/** Which checks run over the sources' entries. */
export interface PipelineChecks {
  /** Kubernetes (per object and set), Dockerfile and image-config rules. */
  rules: boolean;
  /** The secret detectors over every text entry, and over the files renderings consumed. */
  secrets: boolean;
  /**
   * Inventory the lockfiles among the text entries and take the packages of SBOMs, images and root file systems, for
   * the result's `inventory`; matched only when `vulnerabilities` is set too.
   */
  inventory?: boolean;
  /** Match the packages against the vulnerability database; inventories them whether or not `inventory` is set. */
  vulnerabilities?: VulnerabilityScanOptions;
}

/** The one pipeline's input: where entries come from, what checks them, and how the report is filtered. */
export interface PipelineOptions extends ReportPolicy {
  sources: Source[];
  checks: PipelineChecks;
  /** The rules that run and that the report's catalogue lists. */
  selection: RuleSelection;
  settings: RuleSettings;
  /** Display paths of files renderings consumed are relative to this directory (default: the process's). */
  cwd?: string;
  maxFileBytes?: number;
  now?: Date;
  /** A history walk's progress: every hundred commits and once at the end. */
  onProgress?: (progress: GitHistoryProgress) => void;
  /** Users' policies, run once every object is read, with the scan's objects as their inventory; `selection` knows their rules. */
  policies?: LoadedPolicies;
  onFiles?: ScanOptions['onFiles'];
  onPhase?: ScanOptions['onPhase'];
  signal?: AbortSignal;
}

/** The one pipeline under every adapter (CLI commands, library, webhook): entries through the checks into one report. */
export async function scanSources(options: PipelineOptions): Promise<ScanResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const { selection, checks, settings } = options;

  const errors: ScanError[] = (options.policies?.errors ?? []).map((e) => ({ ...e }));
  const hits: RuleHit[] = [];
  // Users' policies read any field and consult every other object: then objects are kept whole.
  const policies = checks.rules && options.policies && options.policies.sets.length > 0 ? options.policies : undefined;
  // Set rules (RBAC, NetworkPolicy, mesh) need every object at once; kept only when one is enabled.
  const keepObjects = checks.rules && (selection.kubernetesSet.length > 0 || policies !== undefined);
  const allObjects: KubernetesObject[] = [];
  const renderedDirectives = new Map<KubernetesObject, IgnoreDirective[]>();
  const directives = new Map<string, IgnoreDirective[]>();
  let files = 0;
  let bytes = 0;
  let reported = 0;
  const phase = phaseClock(options.onPhase);
  let resources = 0;
  const kinds = new Map<string, number>();
  let target: ScanTarget | undefined;
  const packageFiles: Array<{ path: string; text: string }> = [];
  // SBOM and image packages join the lockfiles' after these are inventoried; the layer each came from, if any.
  const readPackages: Package[] = [];
  const readPackageErrors: ScanError[] = [];
  const layerOfPackage = new Map<Package, (pkg: Package) => PackageLocation['layer']>();
  // The extractors' own issues and the OS, for the result's inventory; images' and root file systems' come as read.
  const inventoried = checks.inventory === true || checks.vulnerabilities !== undefined;
  const readIssues: Pick<Inventory, 'errors' | 'skipped'> = { errors: [], skipped: [] };
  let os: Inventory['os'];
  let layers: Map<string, LayerRef> | undefined;
  const collect = (file: string, outcome: FileOutcome) => {
    hits.push(...outcome.hits);
    errors.push(...outcome.errors);
    if (outcome.directives.length > 0) directives.set(file, [...(directives.get(file) ?? []), ...outcome.directives]);
    resources += outcome.resources;
    for (const [kind, count] of Object.entries(outcome.kinds ?? {})) kinds.set(kind, (kinds.get(kind) ?? 0) + count);
    if (outcome.kept.length > 0) allObjects.push(...outcome.kept);
  };

  const isPackageFile = inventoried ? await packageFileTest() : undefined;
  const secretRules = checks.secrets ? selection.secret : [];
  const secretSearch = new SecretSearch(secretRules);

  for (const source of options.sources) {
    // Blobs are judged per source: a secret is reported once per repository or image, where it first appeared.
    // Loaded by the first git or image entry: a scan of files alone never pays for the history and layer code.
    let blobSearch: BlobSecretSearch | undefined;
    const blobs = async () => (blobSearch ??= new (await import('./blob-secrets.js')).BlobSecretSearch(checks.secrets ? secretSearch : undefined, options.onProgress));
    try {
      const fileChecks = { selection, settings, rules: checks.rules, keepObjects, keepWhole: policies !== undefined, secrets: secretSearch, secretsOn: secretRules.length > 0 };
      for await (const entry of checkedEntries(phase.timedSource(source.entries()), fileChecks)) {
        options.signal?.throwIfAborted();
        switch (entry.type) {
          case 'error':
            errors.push(entry.error);
            break;
          case 'target':
            target = entry.target;
            break;
          case 'blob':
            await (await blobs()).blob(entry.blob);
            break;
          case 'progress':
            (await blobs()).progress(entry.commits);
            break;
          case 'image-layers':
            await (await blobs()).layers(entry);
            break;
          case 'sbom': {
            files++;
            if (!inventoried) break;
            const read = (await import('./vulnerabilities.js')).readSbomText(entry.text, entry.file);
            readPackages.push(...read.packages);
            readPackageErrors.push(...read.errors);
            break;
          }
          case 'image-files': {
            // The image's OS is known once its files are inventoried; it completes the image's target.
            const { inventoryImageFiles, layerLocator } = await import('./image-inventory.js');
            const scanned = await inventoryImageFiles(entry.reference, entry.files);
            errors.push(...scanned.errors);
            files += scanned.layers.size;
            readPackages.push(...scanned.inventory.packages);
            const layerOf = layerLocator(scanned.layers);
            for (const pkg of scanned.inventory.packages) layerOfPackage.set(pkg, layerOf);
            addIssues(readIssues, scanned.inventory);
            os ??= scanned.inventory.os;
            layers = new Map([...(layers ?? []), ...scanned.layers]);
            const named = scanned.inventory.os ? `${scanned.inventory.os.id} ${scanned.inventory.os.versionId}`.trim() : undefined;
            if (named && target?.type === 'image' && target.name === entry.reference) target = { ...target, os: named };
            break;
          }
          case 'root-files': {
            files += entry.files.length;
            if (!inventoried) break;
            const [{ inventoryRootFiles }, { inventoryIssues }] = await Promise.all([import('./root-file-system.js'), import('./inventory-issues.js')]);
            const inventory = await inventoryRootFiles(entry.files);
            errors.push(...inventoryIssues(inventory));
            readPackages.push(...inventory.packages);
            addIssues(readIssues, inventory);
            os ??= inventory.os;
            break;
          }
          case 'image-config': {
            // An inventory alone (`sbom` of an image) has no use for the config: its checks are not loaded.
            if (!checks.secrets && !checks.rules) break;
            const { imageConfigSecretHits, runImageConfigRules } = await import('./image-config.js');
            if (checks.secrets) hits.push(...imageConfigSecretHits(entry.reference, entry.config, secretSearch));
            if (!checks.rules) break;
            const result = runImageConfigRules(entry.reference, entry.config, selection.image, settings);
            hits.push(...result.hits);
            errors.push(...result.errors);
            break;
          }
          case 'rendered': {
            // What checks a rendering loads with the first one (its source has loaded the YAML parsers): a pipeline
            // of staged files or layers never loads the rule runners.
            const [{ scanObjects, renderedDirectivesOf }, { retainForSetRules }, { decodedValueSecrets }] = await Promise.all([
              import('./file-checks.js'),
              import('./retain.js'),
              import('./object-secrets.js'),
            ]);
            const { result } = entry;
            errors.push(...result.errors);
            files += result.consumed.length;
            if (checks.rules) {
              // Chart templates leave the namespace to `helm install --namespace`; a missing one is no finding there.
              const rendered = renderedDirectivesOf(result.objects);
              for (const object of result.objects) renderedDirectives.set(object, rendered);
              if (keepObjects) {
                for (const object of result.objects) {
                  const kept = policies ? object : retainForSetRules(object, selection.kubernetesSet);
                  renderedDirectives.set(kept, rendered);
                  allObjects.push(kept);
                }
              }
              const objectSettings = entry.source === 'chart' ? { ...settings, assumedNamespace: settings.assumedNamespace ?? HELM_RELEASE_NAMESPACE } : settings;
              collect(entry.dir, scanObjects(result.objects, selection, objectSettings, renderedDirectives));
            }
            // Values files and templates are read by Helm or kustomize, never as text here: search them for secrets apart.
            const found = new Set<string>();
            for (const path of secretRules.length > 0 ? result.consumed : []) {
              const display = displayPath(options.cwd ?? process.cwd(), path);
              const read = await readOtherFile(path, display, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
              if (!read?.ok) continue;
              const consumed = secretSearch.hits(display, read.text);
              for (const hit of consumed) found.add(`${hit.meta.id}\0${hit.identity}`);
              hits.push(...consumed);
            }
            // What the rendering encoded (a generated Secret's data, a template's b64enc) is searched decoded; a secret
            // its sources hold in the clear is reported there, once.
            for (const object of secretRules.length > 0 ? result.objects : []) {
              const decoded = decodedValueSecrets(object, secretSearch);
              hits.push(...decoded.hits.filter((hit) => !found.has(`${hit.meta.id}\0${hit.identity}`)));
              errors.push(...decoded.errors);
            }
            break;
          }
          case 'text':
            files++;
            if (options.onFiles) bytes += Buffer.byteLength(entry.text);
            if (isPackageFile?.(entry.file)) packageFiles.push({ path: entry.file, text: entry.text });
            break;
          case 'checked':
            // The secret search and the file's rules, run here or on a file worker (pipeline/workers/).
            collect(entry.file, entry.outcome);
        }
        if (options.onFiles && files !== reported) options.onFiles((reported = files), bytes);
      }
    } finally {
      await source.close?.();
    }
    if (blobSearch) {
      const found = blobSearch.finish(source.name);
      hits.push(...found.hits);
      errors.push(...found.errors);
      files += found.files;
    }
  }
  phase.endSources();
  options.signal?.throwIfAborted();

  if (keepObjects) {
    // With no object (a Dockerfile, a lockfile) there is nothing to relate, and the analyses' cold code costs a pre-commit run.
    if (allObjects.length > 0) {
      const { runSetRules } = await import('./kubernetes.js');
      const result = runSetRules(allObjects, selection.kubernetesSet, settings, renderedDirectives);
      hits.push(...result.hits);
      errors.push(...result.errors);
    }
    phase.end('set rules');
  }
  if (policies) {
    const { runPolicies } = await import('./policies.js');
    const result = runPolicies(allObjects, policies, selection, { settings, renderedDirectives, inventory: allObjects.map((object) => object.raw) });
    hits.push(...result.hits);
    errors.push(...result.errors);
    phase.end('policies');
  }
  options.signal?.throwIfAborted();

  let packages: Package[] = [];
  const issues: Pick<Inventory, 'errors' | 'skipped'> = { errors: [], skipped: [] };
  let vulnerabilities: VulnerabilityFinding[] = [];
  let unchecked: UncheckedFile[] = [];
  if (inventoried && packageFiles.length + readPackages.length === 0) {
    // Nothing to inventory or match: the extractors' and the matcher's modules are not even loaded.
    errors.push(...readPackageErrors);
    phase.end('vulnerabilities');
  } else if (inventoried) {
    const [{ extractInventory, SOURCE_TREE_EXTRACTORS }, { inventoryIssues }, matcher] = await Promise.all([
      import('../checks/vulnerabilities/inventory/index.js'),
      import('./inventory-issues.js'),
      checks.vulnerabilities ? import('./vulnerabilities.js') : undefined,
    ]);
    const inventory = await extractInventory(inventoryFiles(packageFiles), { extractors: SOURCE_TREE_EXTRACTORS });
    errors.push(...inventoryIssues(inventory));
    addIssues(issues, inventory);
    packages = inventory.packages;
    packages.push(...readPackages);
    errors.push(...readPackageErrors);
    if (matcher && checks.vulnerabilities) {
      const layerOf = layerOfPackage.size > 0 ? (pkg: Package) => layerOfPackage.get(pkg)?.(pkg) : undefined;
      const found = await matcher.findVulnerabilities(packages, checks.vulnerabilities, now, layerOf);
      errors.push(...found.errors);
      vulnerabilities = found.vulnerabilities;
      unchecked = found.unchecked;
    }
    phase.end('vulnerabilities');
  }
  addIssues(issues, readIssues);
  options.signal?.throwIfAborted();

  const fromCluster = options.sources.some((source) => source.kind === 'cluster');
  const built = buildReport({ hits, errors: fromCluster ? onceEach(errors) : errors, directives, selection, options, now, started, files, resources, kinds, packages: packages.length, vulnerabilities, unchecked, ...(target ? { target } : {}) });
  phase.end('report');
  if (!inventoried) return built;
  const inventory: Inventory = { packages, ...(os ? { os } : {}), ...issues };
  return { ...built, packages, inventory, ...(layers ? { layers } : {}) };
}

function addIssues(to: Pick<Inventory, 'errors' | 'skipped'>, from: { errors: InventoryIssue[]; skipped: InventoryIssue[] }): void {
  to.errors.push(...from.errors);
  to.skipped.push(...from.skipped);
}

/**
 * The phase timings of one scan, for `onPhase`. The sources' own time (waiting on their next entry) is read, or render
 * when the entry is a rendering; the rest of the entry loop is parsing and checking. Nothing is measured without a hook.
 */
function phaseClock(onPhase: ScanOptions['onPhase']) {
  let mark = performance.now();
  const spent = { read: 0, render: 0 };
  return {
    timedSource(entries: AsyncIterable<SourceEntry>): AsyncIterable<SourceEntry> {
      if (!onPhase) return entries;
      return (async function* () {
        const iterator = entries[Symbol.asyncIterator]();
        try {
          for (;;) {
            const start = performance.now();
            const next = await iterator.next();
            const ms = performance.now() - start;
            if (next.done) {
              spent.read += ms;
              return;
            }
            spent[next.value.type === 'rendered' ? 'render' : 'read'] += ms;
            yield next.value;
          }
        } finally {
          await iterator.return?.();
        }
      })();
    },
    endSources() {
      if (!onPhase) return;
      const now = performance.now();
      onPhase('read', spent.read);
      if (spent.render > 0) onPhase('render', spent.render);
      onPhase('parse and check', Math.max(0, now - mark - spent.read - spent.render));
      mark = now;
    },
    end(phase: ScanPhase) {
      if (!onPhase) return;
      const now = performance.now();
      onPhase(phase, now - mark);
      mark = now;
    },
  };
}

/** A warning repeated for every object of a source (an unknown kind per custom resource) is said once. */
function onceEach(errors: ScanError[]): ScanError[] {
  const seen = new Set<string>();
  return errors.filter((error) => error.level !== 'warning' || (!seen.has(error.message) && !!seen.add(error.message)));
}

/** The lockfile test, from the extractors: loaded only by scans that inventory packages. */
export async function packageFileTest(): Promise<(path: string) => boolean> {
  return (await import('../checks/vulnerabilities/inventory/extractors.js')).isPackageFile;
}

async function* inventoryFiles(files: Array<{ path: string; text: string }>): AsyncGenerator<InventoryFile> {
  for (const { path, text } of files) yield { path, read: async () => text };
}

/** Minimum-severity helper for the CLI's `--severity medium` form. */
export function severitiesAtLeast(threshold: Severity, all: readonly Severity[]): Severity[] {
  return all.filter((s) => atLeast(s, threshold));
}
