import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_CONFIG_FILE, DEFAULT_IGNORE_FILE, emptyConfig, loadConfig, loadIgnoreFile, type RampartConfig } from '../config/config.js';
import { isSeverity, SEVERITIES, type Severity } from '../core/severity.js';
import type { PssLevel, PssVersion } from '../core/settings.js';
import { readBaseline } from '../engine/baseline.js';
import { severitiesAtLeast, STDIN_PATH, type ScanOptions } from '../engine/scan.js';

/** A wrong flag or value: the CLI prints it and exits 2. */
export class UsageError extends Error {}

export type CliValues = Record<string, string | boolean | string[] | undefined>;

export interface CliEnvironment {
  cwd: string;
  env: NodeJS.ProcessEnv;
  readStdin(): Promise<string>;
}

export const LATEST_PSS_MINOR = 99;

export function parsePssVersion(text: string): PssVersion {
  if (text === 'latest') return { major: 1, minor: LATEST_PSS_MINOR };
  const match = /^v?1\.(\d{1,3})$/.exec(text);
  if (!match) throw new UsageError(`--pss-version must be "latest" or v1.<minor> (e.g. v1.25), not "${text}"`);
  return { major: 1, minor: Number(match[1]) };
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

export function parseByteSize(text: string): number {
  const match = /^(\d+)([kmg]?)i?b?$/i.exec(text.trim());
  if (!match) throw new UsageError(`--max-file-size must be a number of bytes, optionally with k, m or g, not "${text}"`);
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

export interface ResolvedScan {
  options: ScanOptions;
  config: RampartConfig;
}

export async function resolveScanOptions(values: CliValues, positionals: string[], environment: CliEnvironment): Promise<ResolvedScan> {
  const { cwd, env } = environment;
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

  const paths = positionals.length > 0 ? positionals : ['.'];
  const stdinText = paths.includes(STDIN_PATH) ? await environment.readStdin() : undefined;
  const severity = str(values, 'severity');
  const namespace = str(values, 'namespace');
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
    ...(severity ? { severities: parseSeverityFilter(severity) } : {}),
    exemptions: config.exemptions,
    ignoreEntries,
    ...(baseline ? { baseline } : {}),
    strict: values.strict === true,
    render: {
      releaseName: str(values, 'release-name') ?? 'release',
      ...(namespace ? { namespace } : {}),
      valuesFiles: list(values, 'values').map((v) => resolve(cwd, v)),
      setValues: list(values, 'set'),
      helmBinary: str(values, 'helm') ?? env.RAMPART_HELM ?? 'helm',
      kubectlBinary: str(values, 'kubectl') ?? env.RAMPART_KUBECTL ?? 'kubectl',
      timeoutMs: 120_000,
    },
    ...(maxFileSize ? { maxFileBytes: parseByteSize(maxFileSize) } : {}),
  };
  return { options, config };
}
