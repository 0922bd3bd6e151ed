import { readFile } from 'node:fs/promises';
import type { Severity } from '../core/severity.js';
import type { PssLevel } from '../core/settings.js';
import { parseYamlFile, type YamlDocument } from '../parsers/kubernetes/documents.js';
import { ConfigError, FieldReader } from './validate.js';
import type { SuppressionEntry } from './suppression-entry.js';

export interface RuleConfig {
  enabled?: boolean;
  severity?: Severity;
}

export interface RampartConfig {
  rules: Record<string, RuleConfig>;
  allowedRegistries: string[];
  pss: { level?: PssLevel; version?: string };
  exemptions: SuppressionEntry[];
  exclude: string[];
  failOn?: Severity | 'never';
  ignoreFile?: string;
}

export const DEFAULT_CONFIG_FILE = 'rampart.yaml';
export const DEFAULT_IGNORE_FILE = '.rampartignore.yaml';

export function emptyConfig(): RampartConfig {
  return { rules: {}, allowedRegistries: [], pss: {}, exemptions: [], exclude: [] };
}

export async function loadYamlDocument(path: string, display: string): Promise<YamlDocument | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(display, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const parsed = parseYamlFile(display, text);
  const [error] = parsed.errors;
  if (error) throw new ConfigError(display, error.line, error.message);
  if (parsed.documents.length > 1) throw new ConfigError(display, undefined, 'expected a single YAML document');
  const [document] = parsed.documents;
  return document && document.value !== null && document.value !== undefined ? document : undefined;
}

export async function loadConfig(path: string, display: string): Promise<RampartConfig> {
  const document = await loadYamlDocument(path, display);
  const config = emptyConfig();
  if (!document) return config;
  const reader: FieldReader = new FieldReader(document);
  const root = reader.record(document.value, [], ['rules', 'allowedRegistries', 'pss', 'exemptions', 'exclude', 'failOn', 'ignoreFile']);

  if (root.rules !== undefined && root.rules !== null) {
    const rules = reader.record(root.rules, ['rules'], Object.keys(root.rules as object));
    for (const [id, value] of Object.entries(rules)) config.rules[id] = readRuleConfig(reader, value, ['rules', id]);
  }
  config.allowedRegistries = reader.stringList(root.allowedRegistries, ['allowedRegistries']);
  config.exclude = reader.stringList(root.exclude, ['exclude']);
  if (root.pss !== undefined && root.pss !== null) {
    const pss = reader.record(root.pss, ['pss'], ['level', 'version']);
    if (pss.level !== undefined) {
      if (pss.level !== 'baseline' && pss.level !== 'restricted' && pss.level !== 'off') {
        reader.fail(['pss', 'level'], '"pss.level" must be baseline, restricted or off');
      }
      config.pss.level = pss.level;
    }
    const version = reader.optionalString(pss.version, ['pss', 'version']);
    if (version !== undefined) config.pss.version = version;
  }
  if (root.failOn !== undefined) {
    config.failOn = root.failOn === 'never' ? 'never' : reader.severity(root.failOn, ['failOn']);
  }
  const ignoreFile = reader.optionalString(root.ignoreFile, ['ignoreFile']);
  if (ignoreFile !== undefined) config.ignoreFile = ignoreFile;
  if (root.exemptions !== undefined && root.exemptions !== null) {
    if (!Array.isArray(root.exemptions)) reader.fail(['exemptions'], '"exemptions" must be a list');
    config.exemptions = root.exemptions.map((value, i) => readEntry(reader, value, ['exemptions', i], display, false));
  }
  return config;
}

function readRuleConfig(reader: FieldReader, value: unknown, path: Array<string | number>): RuleConfig {
  // Short forms: `rule: off`, `rule: false`, `rule: high`.
  if (value === false || value === 'off' || value === 'disabled') return { enabled: false };
  if (value === true || value === 'on' || value === 'enabled') return { enabled: true };
  if (typeof value === 'string') return { enabled: true, severity: reader.severity(value, path) };
  const record = reader.record(value, path, ['enabled', 'severity']);
  const config: RuleConfig = {};
  if (record.enabled !== undefined) {
    if (typeof record.enabled !== 'boolean') reader.fail([...path, 'enabled'], 'must be true or false');
    config.enabled = record.enabled;
  }
  if (record.severity !== undefined) config.severity = reader.severity(record.severity, [...path, 'severity']);
  return config;
}

/** Exemptions and ignore-file entries share one shape; ignore entries must say why and until when. */
export function readEntry(
  reader: FieldReader,
  value: unknown,
  path: Array<string | number>,
  display: string,
  requireExpiry: boolean,
): SuppressionEntry {
  const record = reader.record(value, path, ['rule', 'rules', 'kind', 'namespace', 'name', 'path', 'fingerprint', 'reason', 'expires']);
  const rules = [...reader.stringList(record.rule, [...path, 'rule']), ...reader.stringList(record.rules, [...path, 'rules'])];
  const entry: SuppressionEntry = {
    rules: rules.length > 0 ? rules : ['*'],
    reason: reader.string(record.reason, [...path, 'reason']),
    source: { file: display, line: reader.lineOf(path) },
  };
  for (const key of ['kind', 'namespace', 'name', 'path', 'fingerprint'] as const) {
    const field = reader.optionalString(record[key], [...path, key]);
    if (field !== undefined) entry[key] = field;
  }
  if (record.expires !== undefined) entry.expires = reader.date(record.expires, [...path, 'expires']);
  else if (requireExpiry) reader.fail(path, 'an ignore entry needs an "expires" date (YYYY-MM-DD), so accepted risks are reviewed');
  if (rules.length === 0 && !entry.fingerprint && !entry.path && !entry.kind && !entry.name && !entry.namespace) {
    reader.fail(path, 'an entry must name at least a rule, fingerprint, path or resource');
  }
  return entry;
}

export async function loadIgnoreFile(path: string, display: string): Promise<SuppressionEntry[]> {
  const document = await loadYamlDocument(path, display);
  if (!document) return [];
  const reader: FieldReader = new FieldReader(document);
  const root = reader.record(document.value, [], ['ignores']);
  if (!Array.isArray(root.ignores)) reader.fail(['ignores'], '"ignores" must be a list');
  return root.ignores.map((value, i) => readEntry(reader, value, ['ignores', i], display, true));
}
