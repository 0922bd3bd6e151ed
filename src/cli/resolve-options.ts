import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, DEFAULT_IGNORE_FILE, emptyConfig, loadConfig, loadIgnoreFile, type RampartConfig } from '../config/config.js';
import { isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import { parsePssVersion as parseVersionText, type PssLevel, type PssVersion } from '../core/settings.js';
import { readBaseline } from '../pipeline/baseline.js';
import { severitiesAtLeast, STDIN_PATH, type ScanOptions } from '../pipeline/scan.js';
import type { Input } from '../sources/inputs.js';
import type { VulnerabilityScanOptions } from '../pipeline/vulnerabilities.js';
import { DEFAULT_RENDER_MEMORY_BYTES, DEFAULT_RENDER_TIMEOUT_MS, type RenderOptions } from '../sources/rendered/options.js';
import { customSecretRules } from '../checks/rules/secrets/custom.js';
import { resolveDatabasePath } from '../checks/vulnerabilities/database/location.js';
import { DEFAULT_MAX_AGE_MS, parseMaxAge } from '../checks/vulnerabilities/database/staleness.js';

/** A wrong flag or value: the CLI prints it and exits 2. */
export class UsageError extends Error {}

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
  return severities.length === 1 ? severitiesAtLeast(severities[0]!, SEVERITIES) : severities;
}

export function parseFailOn(text: string): Severity | 'never' {
  const lower = text.toLowerCase();
  if (lower === 'never' || isSeverity(lower)) return lower;
  throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')} or never, not "${text}"`);
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

/** `--allow-remote`, `--render-timeout`, `--render-memory`: the same for every command that renders. */
/** The rendering flags (RENDER_OPTIONS) as render options; the namespace is the caller's, as its meaning differs. */
export function resolveRenderOptions(values: CliValues, environment: Pick<CliEnvironment, 'cwd' | 'env'>): Omit<RenderOptions, 'display' | 'namespace'> {
  const timeout = str(values, 'render-timeout');
  // A bare number would be read as days by parseMaxAge: a unit is required.
  const timeoutMs = timeout === undefined ? DEFAULT_RENDER_TIMEOUT_MS : /[smh]$/.test(timeout.trim()) ? parseMaxAge(timeout) : undefined;
  if (!timeoutMs) throw new UsageError(`--render-timeout must be a positive number with s, m or h (e.g. 90s), not "${timeout}"`);
  const memory = str(values, 'render-memory');
  const memoryBytes = memory === undefined ? DEFAULT_RENDER_MEMORY_BYTES : parseByteSize(memory, '--render-memory');
  if (memoryBytes <= 0) throw new UsageError(`--render-memory must be more than 0, not "${memory}"`);
  return {
    releaseName: str(values, 'release-name') ?? 'release',
    valuesFiles: list(values, 'values').map((v) => resolve(environment.cwd, v)),
    setValues: list(values, 'set'),
    helmBinary: str(values, 'helm') ?? environment.env.RAMPART_HELM ?? 'helm',
    kubectlBinary: str(values, 'kubectl') ?? environment.env.RAMPART_KUBECTL ?? 'kubectl',
    allowRemote: values['allow-remote'] === true,
    timeoutMs,
    memoryBytes,
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

export interface ResolvedScan {
  options: ScanOptions;
  config: RampartConfig;
}

/** `withDependencies`: `scan` also checks lockfiles and SBOMs for vulnerabilities; `fix` has nothing to fix there. */
export async function resolveScanOptions(values: CliValues, positionals: string[], environment: CliEnvironment & { stderr?: (text: string) => void }, withDependencies = false): Promise<ResolvedScan> {
  const { cwd } = environment;
  const configPath = str(values, 'config');
  const config = configPath
    ? await loadConfig(resolve(cwd, configPath), configPath)
    : existsSync(resolve(cwd, DEFAULT_CONFIG_FILE))
      ? await loadConfig(resolve(cwd, DEFAULT_CONFIG_FILE), DEFAULT_CONFIG_FILE)
      : emptyConfig();

  const ignorePath = str(values, 'ignore-file') ?? config.ignoreFile ?? (existsSync(resolve(cwd, DEFAULT_IGNORE_FILE)) ? DEFAULT_IGNORE_FILE : undefined);
  const ignoreEntries = ignorePath ? await loadIgnoreFile(resolve(cwd, ignorePath), ignorePath) : [];
  const baselinePath = str(values, 'baseline');
  const baseline = baselinePath ? await readBaseline(resolve(cwd, baselinePath)) : undefined;

  const sboms = list(values, 'sbom');
  // `rampart scan --sbom bom.json` checks the SBOM alone; the current directory is the default only without one.
  const paths = positionals.length > 0 ? positionals : sboms.length > 0 || values.cluster === true ? [] : ['.'];
  // A cluster holds no lockfiles; only SBOMs given with --cluster are checked.
  const dependencies = withDependencies && values['skip-dependencies'] !== true && (values.cluster !== true || sboms.length > 0);
  const stdinText = paths.includes(STDIN_PATH) ? await environment.readStdin() : undefined;
  const severity = str(values, 'severity');
  const cluster = values.cluster === true ? clusterSource(values, positionals, environment) : undefined;
  const namespace = cluster ? undefined : singleNamespace(values);
  const maxFileSize = str(values, 'max-file-size');

  const options: ScanOptions = {
    paths,
    ...(stdinText !== undefined ? { stdinText } : {}),
    cwd,
    exclude: [...config.exclude, ...list(values, 'exclude')],
    settings: {
      pss: {
        level: parsePssLevel(str(values, 'pss-level') ?? config.pss.level ?? 'restricted'),
        version: parsePssVersion(str(values, 'pss-version') ?? config.pss.version ?? 'latest'),
      },
      allowedRegistries: [...config.allowedRegistries, ...list(values, 'allowed-registry')],
      ...(namespace ? { assumedNamespace: namespace } : {}),
    },
    rules: config.rules,
    ...(config.secretDetectors.length > 0 ? { customSecrets: customSecretRules(config.secretDetectors) } : {}),
    ...(severity ? { severities: parseSeverityFilter(severity) } : {}),
    exemptions: config.exemptions,
    ignoreEntries,
    ...(baseline ? { baseline } : {}),
    strict: values.strict === true,
    render: { ...resolveRenderOptions(values, environment), ...(namespace ? { namespace } : {}) },
    ...(maxFileSize ? { maxFileBytes: parseByteSize(maxFileSize) } : {}),
    ...(cluster ? { source: cluster } : {}),
    ...(withDependencies && values['skip-secrets'] !== true ? { secrets: true } : {}),
    ...(dependencies
      ? {
          vulnerabilities: {
            ...resolveVulnerabilityOptions(values, environment),
            sbomFiles: sboms.map((file) => ({ path: resolve(cwd, file), display: file })),
          },
        }
      : {}),
  };
  return { options, config };
}
