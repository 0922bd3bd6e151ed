import { existsSync } from 'node:fs';
import { UsageError } from './errors.js';
import { resolve } from 'node:path';
import { isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { parsePssVersion as parseVersionText, type PssLevel, type PssVersion } from '../core/settings.js';
import { defaultRenderOptions, resolveScanOptions, type ResolvedScan, type ScanSetup } from '../pipeline/options.js';
import { severitiesAtLeast, STDIN_PATH } from '../pipeline/scan.js';
import { UnknownRuleError } from '../pipeline/unknown-rule-error.js';
import type { RuleConfig } from '../config/config.js';
import type { Input } from '../sources/inputs.js';
import type { VulnerabilityScanOptions } from '../pipeline/vulnerabilities.js';
import type { RenderOptions } from '../sources/rendered/options.js';
import { resolveDatabasePath } from '../checks/vulnerabilities/database/location.js';
import { DEFAULT_MAX_AGE_MS, parseMaxAge } from '../checks/vulnerabilities/database/max-age.js';

/** A wrong flag or value: the CLI prints it and exits 2. */

export type CliValues = Record<string, string | boolean | string[] | undefined>;

export interface CliEnvironment {
  cwd: string;
  env: NodeJS.ProcessEnv;
  readStdin(): Promise<string>;
}

export function parsePssVersion(text: string): PssVersion {
  const version = parseVersionText(text);
  if (!version) throw new UsageError(`--pss-version must be "latest" or v1.<minor> (e.g. v1.25), not "${text}"`);
  return version;
}

export function parsePssLevel(text: string): PssLevel {
  if (text === 'baseline' || text === 'restricted' || text === 'off') return text;
  throw new UsageError(`--pss-level must be baseline, restricted or off, not "${text}"`);
}

export function parseSeverityFilter(text: string): Severity[] {
  const parts = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  for (const part of parts) if (!isSeverity(part)) throw new UsageError(`unknown severity "${part}" (use ${SEVERITIES.join(', ')})`);
  const severities = parts as Severity[];
  // A lone `unknown` (Trivy's `--severity UNKNOWN`) asks for the unrated advisories, not for "medium or worse".
  if (severities.length !== 1 || severities[0] === 'unknown') return severities;
  return severitiesAtLeast(severities[0]!, SEVERITIES);
}

export function parseFailOn(text: string): Severity | 'never' {
  const lower = text.toLowerCase();
  if (lower === 'never' || isSeverity(lower)) return lower;
  throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')} or never, not "${text}"`);
}

/** A duration with its unit, s, m or h (`90s`, `5m`): a bare number would be ambiguous. */
export function parseTimeout(text: string, flag: string): number {
  const ms = /^\s*\d+[smh]\s*$/.test(text) ? parseMaxAge(text) : undefined;
  if (!ms) throw new UsageError(`${flag} must be a positive number with s, m or h (e.g. 90s, 10m), not "${text}"`);
  return ms;
}

export function parseByteSize(text: string, flag = '--max-file-size'): number {
  const match = /^(\d+)([kmg]?)i?b?$/i.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a number of bytes, optionally with k, m or g, not "${text}"`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(match[1]) * unit;
}

const str = (values: CliValues, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};
const list = (values: CliValues, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value : [];
};

/** The rendering flags (RENDER_OPTIONS) as render options; the namespace is the caller's, as its meaning differs. */
export function resolveRenderOptions(values: CliValues, environment: Pick<CliEnvironment, 'cwd' | 'env'>): Omit<RenderOptions, 'display' | 'namespace'> {
  const defaults = defaultRenderOptions(environment.env);
  const timeout = str(values, 'render-timeout');
  // A bare number would be read as days by parseMaxAge: a unit is required.
  const timeoutMs = timeout === undefined ? defaults.timeoutMs : /[smh]$/.test(timeout.trim()) ? parseMaxAge(timeout) : undefined;
  if (!timeoutMs) throw new UsageError(`--render-timeout must be a positive number with s, m or h (e.g. 90s), not "${timeout}"`);
  const memory = str(values, 'render-memory');
  const memoryBytes = memory === undefined ? defaults.memoryBytes : parseByteSize(memory, '--render-memory');
  if (memoryBytes !== undefined && memoryBytes <= 0) throw new UsageError(`--render-memory must be more than 0, not "${memory}"`);
  return {
    ...defaults,
    releaseName: str(values, 'release-name') ?? defaults.releaseName,
    valuesFiles: list(values, 'values').map((v) => resolve(environment.cwd, v)),
    setValues: list(values, 'set'),
    helmBinary: str(values, 'helm') ?? defaults.helmBinary,
    kubectlBinary: str(values, 'kubectl') ?? defaults.kubectlBinary,
    allowRemote: values['allow-remote'] === true,
    timeoutMs,
    ...(memoryBytes !== undefined ? { memoryBytes } : {}),
  };
}

/** `--db`, `--ignore-unfixed`, `--vex`, `--max-db-age`: the same for `scan`, `image` and `sbom`-based scans. */
export function resolveVulnerabilityOptions(values: CliValues, environment: Pick<CliEnvironment, 'cwd' | 'env'>): VulnerabilityScanOptions {
  const maxAgeText = str(values, 'max-db-age');
  const maxAge = maxAgeText === undefined ? DEFAULT_MAX_AGE_MS : parseMaxAge(maxAgeText);
  if (maxAge === undefined) throw new UsageError(`--max-db-age must be a number with s, m, h, d or w (e.g. 7d), not "${maxAgeText}"`);
  return {
    databasePath: resolveDatabasePath(str(values, 'db'), environment.env, environment.cwd),
    ignoreUnfixed: values['ignore-unfixed'] === true,
    vexFiles: list(values, 'vex').map((file) => ({ path: resolve(environment.cwd, file), display: file })),
    maxDatabaseAgeMs: maxAge,
  };
}

/** `--namespace` is repeatable for `--cluster` only; for files it names the one namespace objects are deployed to. */
function singleNamespace(values: CliValues): string | undefined {
  const namespaces = list(values, 'namespace');
  if (namespaces.length > 1) throw new UsageError('--namespace can be given once, except with --cluster');
  for (const flag of ['context', 'kubeconfig', 'exclude-namespace']) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --cluster`);
  }
  return namespaces[0];
}

/** `scan --cluster`: the cluster's objects replace the paths; progress is shown on a terminal's stderr. */
/** `--cluster` and its selection flags as an input source; shared by scan, rbac and netpol. */
export function clusterSource(values: CliValues, positionals: string[], environment: CliEnvironment & { stderr?: (text: string) => void }): AsyncIterable<Input> {
  if (positionals.length > 0) throw new UsageError(`--cluster scans the cluster, not paths (got ${positionals.join(' ')}); run them as two scans`);
  const kubeconfig = str(values, 'kubeconfig');
  const context = str(values, 'context');
  const options = {
    env: environment.env,
    ...(kubeconfig ? { kubeconfig: resolve(environment.cwd, kubeconfig) } : {}),
    ...(context ? { context } : {}),
    namespaces: list(values, 'namespace'),
    excludeNamespaces: list(values, 'exclude-namespace'),
    ...(environment.stderr && process.stderr.isTTY ? { progress: environment.stderr } : {}),
  };
  // The Kubernetes client takes 0.4 s to load: only commands that talk to a cluster pay for it.
  return (async function* () {
    const { clusterInputs } = await import('../sources/cluster/source.js');
    yield* clusterInputs(options);
  })();
}

/**
 * `--check` and `--skip-check` (Checkov's flags) as `rampart.yaml` rule settings over the config's: a listed rule is on,
 * a skipped one off; with `--check`, every other built-in rule is off. IDs and peers' aliases both resolve.
 */
export async function ruleFlags(values: CliValues): Promise<Record<string, RuleConfig> | undefined> {
  const split = (name: string) => list(values, name).flatMap((value) => value.split(',')).map((id) => id.trim()).filter((id) => id !== '');
  const only = split('check');
  const skip = split('skip-check');
  if (only.length === 0 && skip.length === 0) return undefined;
  const rules: Record<string, RuleConfig> = {};
  if (only.length > 0) {
    const { allRules, resolveRuleReference } = await import('../pipeline/rule-selection.js');
    const wanted = new Set(only.flatMap((reference) => {
      const ids = resolveRuleReference(reference);
      if (ids.length === 0) throw new UnknownRuleError(reference);
      return ids;
    }));
    for (const rule of allRules()) rules[rule.meta.id] = { enabled: wanted.has(rule.meta.id) };
  }
  for (const reference of skip) rules[reference] = { enabled: false };
  return rules;
}

/** A mistyped path is a usage error before anything runs, never a report that found nothing in nothing. */
export function requireExistingPaths(paths: readonly string[], cwd: string): void {
  const missing = paths.filter((path) => path !== STDIN_PATH && !existsSync(resolve(cwd, path)));
  if (missing.length > 0) throw new UsageError(`${missing.map((path) => `"${path}"`).join(', ')}: no such file or directory`);
}

/**
 * The scan flags as the library's scan setup (resolveScanOptions reads the config, ignore file and baseline).
 * `withDependencies`: `scan` also checks lockfiles and SBOMs for vulnerabilities and searches for secrets; `fix` has
 * nothing to fix there.
 */
export async function scanOptionsFromFlags(values: CliValues, positionals: string[], environment: CliEnvironment & { stderr?: (text: string) => void }, withDependencies = false): Promise<ResolvedScan> {
  const { cwd } = environment;
  const sboms = list(values, 'sbom');
  // `rampart scan --sbom bom.json` checks the SBOM alone; the current directory is the default only without one.
  const paths = positionals.length > 0 ? positionals : sboms.length > 0 || values.cluster === true ? [] : ['.'];
  // A cluster holds no lockfiles; only SBOMs given with --cluster are checked.
  const dependencies = withDependencies && values['skip-dependencies'] !== true && (values.cluster !== true || sboms.length > 0);
  const severity = str(values, 'severity');
  const pssLevel = str(values, 'pss-level');
  const pssVersion = str(values, 'pss-version');
  const cluster = values.cluster === true ? clusterSource(values, positionals, environment) : undefined;
  if (!cluster) requireExistingPaths(paths, cwd);
  const namespace = cluster ? undefined : singleNamespace(values);
  const maxFileSize = str(values, 'max-file-size');
  const configFile = str(values, 'config');
  const ignoreFile = str(values, 'ignore-file');
  const baselineFile = str(values, 'baseline');
  const rules = await ruleFlags(values);
  const setup: ScanSetup = {
    cwd,
    paths,
    ...(paths.includes(STDIN_PATH) ? { stdinText: await environment.readStdin() } : {}),
    ...(configFile ? { configFile } : {}),
    ...(ignoreFile ? { ignoreFile } : {}),
    ...(baselineFile ? { baselineFile } : {}),
    exclude: [...list(values, 'exclude'), ...list(values, 'skip-dirs'), ...list(values, 'skip-files')],
    ...(rules ? { rules } : {}),
    ...(pssLevel ? { pssLevel: parsePssLevel(pssLevel) } : {}),
    ...(pssVersion ? { pssVersion: parsePssVersion(pssVersion) } : {}),
    allowedRegistries: list(values, 'allowed-registry'),
    ...(namespace ? { namespace } : {}),
    ...(severity ? { severities: parseSeverityFilter(severity) } : {}),
    strict: values.strict === true,
    render: resolveRenderOptions(values, environment),
    ...(maxFileSize ? { maxFileBytes: parseByteSize(maxFileSize) } : {}),
    ...(cluster ? { source: cluster } : {}),
    secrets: withDependencies && values['skip-secrets'] !== true,
    vulnerabilities: dependencies && {
      ...resolveVulnerabilityOptions(values, environment),
      sbomFiles: sboms.map((file) => ({ path: resolve(cwd, file), display: file })),
    },
    env: environment.env,
    ...(list(values, 'policy').length > 0 ? { policies: list(values, 'policy') } : {}),
  };
  return resolveScanOptions(setup);
}
