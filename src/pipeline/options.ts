import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Severity } from '../core/severity.js';
import { LATEST_PSS_VERSION, parsePssVersion, type PssLevel, type PssVersion } from '../core/settings.js';
import type { Input } from '../sources/inputs.js';
import { DEFAULT_RENDER_MEMORY_BYTES, DEFAULT_RENDER_TIMEOUT_MS, type RenderOptions } from '../sources/rendered/options.js';
import { customSecretRules } from '../checks/rules/secrets/custom.js';
import { defaultDatabasePath } from '../checks/vulnerabilities/database/location.js';
import { DEFAULT_MAX_AGE_MS } from '../checks/vulnerabilities/database/max-age.js';
import { DEFAULT_CONFIG_FILE, DEFAULT_IGNORE_FILE, emptyConfig, loadConfig, loadIgnoreFile, type RampartConfig, type RuleConfig } from '../config/config.js';
import { readBaseline } from './baseline.js';
import { unknownRuleReferences } from './secret-selection.js';
import { ConfigError } from '../config/config-error.js';
import { loadPolicies, policyCompilers } from '../checks/policies/load.js';
import type { PolicyCompiler } from '../checks/policies/index.js';
import type { ScanOptions } from './scan.js';
import type { VulnerabilityScanOptions } from './vulnerabilities.js';

/** Everything a scan needs besides the project's own files: plain values, as a program or the CLI would have them. */
export interface ScanSetup {
  /** Relative paths, the config file's included, are resolved against it, and findings name files relative to it. */
  cwd: string;
  /** Files and directories to scan; `-` reads `stdinText`. Default `['.']`. */
  paths?: string[];
  stdinText?: string;
  /** `rampart.yaml`. Default: `rampart.yaml` in `cwd` when there is one. */
  configFile?: string;
  /** Default: the config's `ignoreFile`, else `.rampartignore.yaml` in `cwd` when there is one. */
  ignoreFile?: string;
  /** A baseline written by `writeBaseline` (`--baseline-write`): its findings are reported as suppressed. */
  baselineFile?: string;
  /** Rule settings over the config's `rules:` (the CLI's `--check`/`--skip-check`), keyed by rule ID or alias. */
  rules?: Record<string, RuleConfig>;
  /** Globs excluded from walks, in addition to the config's `exclude`. */
  exclude?: string[];
  /** Override the config's `pss.level` and `pss.version`. Default: restricted, latest. */
  pssLevel?: PssLevel;
  pssVersion?: PssVersion;
  /** Allowed image registries, in addition to the config's `allowedRegistries`. */
  allowedRegistries?: string[];
  /** The namespace objects without one are deployed to (also Helm's `--namespace`). */
  namespace?: string;
  /** Report only these severities. Default: all. */
  severities?: Severity[];
  /** Comments and annotations in the scanned files do not suppress. Default false. */
  strict?: boolean;
  /** Helm and kustomize rendering. Default: defaultRenderOptions(env). */
  render?: Omit<RenderOptions, 'display' | 'namespace'>;
  maxFileBytes?: number;
  /** Objects read from elsewhere than `paths`, e.g. a live cluster. */
  source?: AsyncIterable<Input>;
  /** Search every text file for secrets. Default true. */
  secrets?: boolean;
  /**
   * Check lockfiles (and `sbomFiles`) for known vulnerabilities. Default: on, with defaultVulnerabilityOptions(env);
   * false: off.
   */
  vulnerabilities?: false | (VulnerabilityScanOptions & { sbomFiles?: Array<{ path: string; display: string }> });
  /** For the defaults that come from the environment (`$RAMPART_DB`, `$RAMPART_HELM`, `$RAMPART_KUBECTL`). */
  env?: NodeJS.ProcessEnv;
  /** Policy directories or files (`--policy`), in addition to the config's `policies:`. */
  policies?: string[];
  /** The policy engines; default both (CEL and Rego). */
  policyCompilers?: readonly PolicyCompiler[];
}

export interface ResolvedScan {
  options: ScanOptions;
  /** The config read, for what a caller decides itself (its `failOn`). */
  config: RampartConfig;
}

export function defaultRenderOptions(env: NodeJS.ProcessEnv = process.env): Omit<RenderOptions, 'display' | 'namespace'> {
  return {
    releaseName: 'release',
    valuesFiles: [],
    setValues: [],
    helmBinary: env.RAMPART_HELM ?? 'helm',
    kubectlBinary: env.RAMPART_KUBECTL ?? 'kubectl',
    allowRemote: false,
    timeoutMs: DEFAULT_RENDER_TIMEOUT_MS,
    memoryBytes: DEFAULT_RENDER_MEMORY_BYTES,
  };
}

export function defaultVulnerabilityOptions(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): VulnerabilityScanOptions {
  return { databasePath: defaultDatabasePath(env, undefined, cwd), ignoreUnfixed: false, vexFiles: [], maxDatabaseAgeMs: DEFAULT_MAX_AGE_MS };
}

/**
 * The scan options the CLI's `rampart scan` would use: reads `rampart.yaml`, the ignore file, the baseline and the
 * config's own secret detectors, and merges them with `setup`. Unreadable or invalid files throw ConfigError.
 */
export async function resolveScanOptions(setup: ScanSetup): Promise<ResolvedScan> {
  const { cwd } = setup;
  const env = setup.env ?? process.env;
  const config = await readConfig(cwd, setup.configFile);
  const ignorePath = setup.ignoreFile ?? config.ignoreFile ?? (existsSync(resolve(cwd, DEFAULT_IGNORE_FILE)) ? DEFAULT_IGNORE_FILE : undefined);
  const ignoreEntries = ignorePath ? await loadIgnoreFile(resolve(cwd, ignorePath), ignorePath) : [];
  await checkRuleReferences(config);
  const baseline = setup.baselineFile ? await readBaseline(resolve(cwd, setup.baselineFile)) : undefined;
  // The config loader rejects a malformed `pss.version`.
  const pssVersion = setup.pssVersion ?? (config.pss.version ? parsePssVersion(config.pss.version) : undefined) ?? LATEST_PSS_VERSION;
  const vulnerabilities = setup.vulnerabilities ?? defaultVulnerabilityOptions(env, cwd);
  const policyPaths = [...config.policies, ...(setup.policies ?? []).map((path) => resolve(cwd, path))];
  const policies = policyPaths.length > 0
    ? await loadPolicies(policyPaths, { cwd, compilers: setup.policyCompilers ?? policyCompilers(env), ...(setup.maxFileBytes !== undefined ? { maxFileBytes: setup.maxFileBytes } : {}) })
    : undefined;

  const options: ScanOptions = {
    paths: setup.paths ?? ['.'],
    ...(setup.stdinText !== undefined ? { stdinText: setup.stdinText } : {}),
    cwd,
    exclude: [...config.exclude, ...(setup.exclude ?? [])],
    settings: {
      pss: { level: setup.pssLevel ?? config.pss.level ?? 'restricted', version: pssVersion },
      allowedRegistries: [...config.allowedRegistries, ...(setup.allowedRegistries ?? [])],
      ...(setup.namespace ? { assumedNamespace: setup.namespace } : {}),
    },
    rules: setup.rules ? { ...config.rules, ...setup.rules } : config.rules,
    ...(config.secretDetectors.length > 0 ? { customSecrets: customSecretRules(config.secretDetectors) } : {}),
    ...(setup.severities ? { severities: setup.severities } : {}),
    exemptions: config.exemptions,
    ignoreEntries,
    ...(baseline ? { baseline } : {}),
    strict: setup.strict === true,
    render: { ...(setup.render ?? defaultRenderOptions(env)), ...(setup.namespace ? { namespace: setup.namespace } : {}) },
    ...(setup.maxFileBytes !== undefined ? { maxFileBytes: setup.maxFileBytes } : {}),
    ...(setup.source ? { source: setup.source } : {}),
    ...(setup.secrets !== false ? { secrets: true } : {}),
    ...(vulnerabilities ? { vulnerabilities } : {}),
    ...(policies ? { policies } : {}),
  };
  return { options, config };
}

async function readConfig(cwd: string, configFile: string | undefined): Promise<RampartConfig> {
  if (configFile) return loadConfig(resolve(cwd, configFile), configFile);
  const defaultPath = resolve(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(defaultPath) ? loadConfig(defaultPath, DEFAULT_CONFIG_FILE) : emptyConfig();
}

/**
 * A `rules:` key that names no rule is a mistake in the config (a typo silently leaves a rule on), reported at its
 * line. Users' policies (`policy/...`) and the config's own detectors are known only later and checked there.
 */
async function checkRuleReferences(config: RampartConfig): Promise<void> {
  if (!config.ruleLines) return;
  const own = new Set(config.secretDetectors.map((detector) => detector.id));
  const [unknown] = await unknownRuleReferences(Object.keys(config.rules).filter((reference) => !own.has(reference)));
  if (unknown !== undefined) {
    throw new ConfigError(config.ruleLines.file, config.ruleLines.lines[unknown], `unknown rule "${unknown}" in rules: no rule has this ID, former ID or peer alias (see \`rampart rules\`)`);
  }
}
