import { displayPath } from '../core/display-path.js';
import type { ScanError } from '../core/finding.js';
import type { IgnoreDirective } from '../core/ignore-directive.js';
import type { UncheckedFile, VulnerabilityFinding } from '../core/vulnerability.js';
import { extractInventory, isPackageFile, SOURCE_TREE_EXTRACTORS, type InventoryFile, type Package } from '../checks/vulnerabilities/inventory/index.js';
import { atLeast, type Severity } from '../core/severity.js';
import type { RuleSettings } from '../core/settings.js';
import type { SuppressionEntry } from '../config/suppression-entry.js';
import { collectIgnoreDirectives, isJsonManifest, parseYamlFile } from '../parsers/kubernetes/documents.js';
import { extractObjects, type KubernetesObject } from '../parsers/kubernetes/objects.js';
import type { FileKind } from '../sources/directory/classify.js';
import { inventoryIssues } from './inventory-issues.js';
import { DEFAULT_MAX_FILE_BYTES, readOtherFile } from '../sources/directory/read-input.js';
import { SecretSearch } from './secrets.js';
import type { SecretRule } from '../checks/rules/secrets/index.js';
import { findVulnerabilities, readSbomFile, type VulnerabilityScanOptions } from './vulnerabilities.js';
import { scanDockerfileText } from './dockerfile.js';
import { runKubernetesRules, runSetRules, type RenderedDirectives } from './kubernetes.js';
import { selectRules, type RuleSelection } from './rule-selection.js';
import type { RuleHit } from '../core/rule-hit.js';
import type { RuleConfig } from '../config/config.js';
import { unknownKindWarnings } from './unknown-kinds.js';
import { retainForSetRules } from './retain.js';

import { readInputs, type InputOptions } from '../sources/inputs.js';
import { buildReport, type ReportResult } from './report-builder.js';

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
}

export type ScanResult = ReportResult;

interface FileOutcome {
  hits: RuleHit[];
  errors: ScanError[];
  directives: IgnoreDirective[];
  resources: number;
}

/** The one engine entry under every adapter (CLI, library, later the webhook and server). */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const selection = selectRules(options.rules, options.settings, options.customSecrets);

  const errors: ScanError[] = [];
  const hits: RuleHit[] = [];
  // Set rules (RBAC, NetworkPolicy, mesh) need every object at once; kept only when one is enabled.
  const keepObjects = selection.kubernetesSet.length > 0;
  const allObjects: KubernetesObject[] = [];
  const renderedDirectives = new Map<KubernetesObject, IgnoreDirective[]>();
  const directives = new Map<string, IgnoreDirective[]>();
  let files = 0;
  let resources = 0;
  const packageFiles: Array<{ path: string; text: string }> = [];
  const collect = (file: string, outcome: FileOutcome) => {
    hits.push(...outcome.hits);
    errors.push(...outcome.errors);
    if (outcome.directives.length > 0) directives.set(file, [...(directives.get(file) ?? []), ...outcome.directives]);
    resources += outcome.resources;
  };

  const secretRules = options.secrets ? selection.secret : [];
  const secretSearch = new SecretSearch(secretRules);
  const collectSecrets = (file: string, text: string) => hits.push(...secretSearch.hits(file, text));

  const inputOptions = { ...options, ...(secretRules.length > 0 ? { everyFile: true } : {}), ...(options.vulnerabilities ? { packageFiles: isPackageFile } : {}) };
  for await (const input of options.source ?? readInputs(inputOptions)) {
    if (input.type === 'error') {
      errors.push(input.error);
    } else if (input.type === 'rendered') {
      const { result } = input;
      errors.push(...result.errors);
      // Chart templates leave the namespace to `helm install --namespace`; a missing one is no finding there.
      const settings =
        input.source === 'chart' ? { ...options.settings, assumedNamespace: options.settings.assumedNamespace ?? HELM_RELEASE_NAMESPACE } : options.settings;
      const rendered = renderedDirectivesOf(result.objects);
      for (const object of result.objects) renderedDirectives.set(object, rendered);
      if (keepObjects) {
        for (const object of result.objects) {
          const kept = retainForSetRules(object);
          renderedDirectives.set(kept, rendered);
          allObjects.push(kept);
        }
      }
      collect(input.dir, scanObjects(result.objects, selection, settings, renderedDirectives));
      files += result.consumed.length;
      // Values files and templates are read by Helm or kustomize, never as text here: search them for secrets apart.
      for (const path of secretRules.length > 0 ? result.consumed : []) {
        const display = displayPath(options.cwd, path);
        const read = await readOtherFile(path, display, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
        if (read?.ok) collectSecrets(display, read.text);
      }
    } else {
      files++;
      collectSecrets(input.file, input.text);
      if (options.vulnerabilities && isPackageFile(input.file)) packageFiles.push({ path: input.file, text: input.text });
      if (input.kind === 'packages' || input.kind === 'other') continue;
      collect(input.file, scanText(input.file, input.text, input.kind, selection, options.settings, keepObjects ? allObjects : undefined));
    }
  }

  if (keepObjects) {
    const result = runSetRules(allObjects, selection.kubernetesSet, options.settings, renderedDirectives);
    hits.push(...result.hits);
    errors.push(...result.errors);
  }

  let packages: Package[] = [];
  let vulnerabilities: VulnerabilityFinding[] = [];
  let unchecked: UncheckedFile[] = [];
  if (options.vulnerabilities) {
    const inventory = await extractInventory(inventoryFiles(packageFiles), { extractors: SOURCE_TREE_EXTRACTORS });
    errors.push(...inventoryIssues(inventory));
    packages = inventory.packages;
    for (const sbom of options.vulnerabilities.sbomFiles ?? []) {
      const read = await readSbomFile(sbom.path, sbom.display);
      packages.push(...read.packages);
      errors.push(...read.errors);
      files++;
    }
    const found = await findVulnerabilities(packages, options.vulnerabilities, now);
    errors.push(...found.errors);
    vulnerabilities = found.vulnerabilities;
    unchecked = found.unchecked;
  }

  const sboms = options.vulnerabilities?.sbomFiles ?? [];
  // An SBOM checked on its own is the report's subject, as an image is for `rampart image`.
  const target = options.paths.length === 0 && sboms.length === 1 ? { type: 'sbom' as const, name: sboms[0]!.display } : undefined;
  return buildReport({ hits, errors: options.source ? onceEach(errors) : errors, directives, selection, options, now, started, files, resources, packages: packages.length, vulnerabilities, unchecked, ...(target ? { target } : {}) });
}

/** A warning repeated for every object of a source (an unknown kind per custom resource) is said once. */
function onceEach(errors: ScanError[]): ScanError[] {
  const seen = new Set<string>();
  return errors.filter((error) => error.level !== 'warning' || (!seen.has(error.message) && !!seen.add(error.message)));
}

async function* inventoryFiles(files: Array<{ path: string; text: string }>): AsyncGenerator<InventoryFile> {
  for (const { path, text } of files) yield { path, read: async () => text };
}

function scanText(file: string, text: string, kind: FileKind, selection: RuleSelection, settings: RuleSettings, keep?: KubernetesObject[]): FileOutcome {
  if (kind === 'dockerfile') {
    const result = scanDockerfileText(file, text, selection.dockerfile, settings);
    return { hits: result.hits, errors: result.errors, directives: result.ignoreDirectives, resources: 1 };
  }
  const parsed = parseYamlFile(file, text);
  const objects = extractObjects(parsed);
  // JSON files that are not Kubernetes objects (package.json, tsconfig.json) are not ours to judge,
  // and neither are their syntax errors; a broken manifest is (isJsonManifest).
  if (kind === 'json' && !isJsonManifest(parsed, objects.length)) return { hits: [], errors: [], directives: [], resources: 0 };
  keep?.push(...objects.map(retainForSetRules));
  const outcome = scanObjects(objects, selection, settings);
  return { ...outcome, errors: [...parsed.errors, ...outcome.errors], directives: parsed.ignoreDirectives };
}

function scanObjects(objects: KubernetesObject[], selection: RuleSelection, settings: RuleSettings, directives?: RenderedDirectives): FileOutcome {
  const result = runKubernetesRules(objects, selection.kubernetes, settings, directives);
  return { hits: result.hits, errors: [...result.errors, ...unknownKindWarnings(objects)], directives: [], resources: objects.length };
}

/** The `rampart:ignore` comments of one rendering's output (all its objects share one text). */
function renderedDirectivesOf(objects: KubernetesObject[]): IgnoreDirective[] {
  const [first] = objects;
  if (!first) return [];
  const documents = [...new Set(objects.map((o) => o.document))];
  return collectIgnoreDirectives(first.document.text, documents);
}

/** Minimum-severity helper for the CLI's `--severity medium` form. */
export function severitiesAtLeast(threshold: Severity, all: readonly Severity[]): Severity[] {
  return all.filter((s) => atLeast(s, threshold));
}
