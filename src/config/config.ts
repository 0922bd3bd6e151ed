import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Severity } from '../core/severity.js';
import { parsePssVersion, type PssLevel } from '../core/settings.js';
import type { YamlDocument } from '../parsers/kubernetes/documents.js';
import { FieldReader } from './validate.js';
import { ConfigError } from './config-error.js';
import type { SuppressionEntry } from './suppression-entry.js';
import { defaultAdmissionConfig, readAdmissionConfig, type AdmissionConfig } from './admission.js';
import { compileCustomDetector, type CustomSecretDetector } from '../checks/rules/secrets/custom.js';
import { secretRules } from '../checks/rules/secrets/index.js';

export interface RuleConfig {
  enabled?: boolean;
  severity?: Severity;
}

export interface RampartConfig {
  rules: Record<string, RuleConfig>;
  /** Where each `rules:` key is written, so a rule ID no rule has can be reported at its file and line. */
  ruleLines?: { file: string; lines: Record<string, number> };
  allowedRegistries: string[];
  pss: { level?: PssLevel; version?: string };
  exemptions: SuppressionEntry[];
  exclude: string[];
  failOn?: Severity | 'never';
  ignoreFile?: string;
  /** `secrets.detectors`: the team's own credential formats. */
  secretDetectors: CustomSecretDetector[];
  /** `admission:`: how `rampart admission` decides, mutates and trusts images. */
  admission: AdmissionConfig;
  /** `policies:`: directories or files of users' own policies (CEL and Rego), resolved against the config file's directory. */
  policies: string[];
}

export const DEFAULT_CONFIG_FILE = 'rampart.yaml';
export const DEFAULT_IGNORE_FILE = '.rampartignore.yaml';

export function emptyConfig(): RampartConfig {
  return { rules: {}, allowedRegistries: [], pss: {}, exemptions: [], exclude: [], secretDetectors: [], admission: defaultAdmissionConfig(), policies: [] };
}

export async function loadYamlDocument(path: string, display: string): Promise<YamlDocument | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(display, undefined, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  // The YAML parsers load with the first config file: a run with none (a pre-commit hook's) never reads YAML.
  const { parseYamlFile } = await import('../parsers/kubernetes/documents.js');
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
  const root = reader.record(document.value, [], ['rules', 'allowedRegistries', 'pss', 'exemptions', 'exclude', 'failOn', 'ignoreFile', 'secrets', 'admission', 'policies']);

  if (root.rules !== undefined && root.rules !== null) {
    const rules = reader.record(root.rules, ['rules'], Object.keys(root.rules as object));
    const lines: Record<string, number> = {};
    for (const [id, value] of Object.entries(rules)) {
      config.rules[id] = readRuleConfig(reader, value, ['rules', id]);
      lines[id] = reader.lineOf(['rules', id]);
    }
    config.ruleLines = { file: display, lines };
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
    if (version !== undefined && !parsePssVersion(version)) reader.fail(['pss', 'version'], '"pss.version" must be "latest" or v1.<minor> (e.g. v1.25)');
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
  if (root.secrets !== undefined && root.secrets !== null) {
    const secrets = reader.record(root.secrets, ['secrets'], ['detectors']);
    if (secrets.detectors !== undefined && !Array.isArray(secrets.detectors)) reader.fail(['secrets', 'detectors'], '"secrets.detectors" must be a list');
    config.secretDetectors = ((secrets.detectors ?? []) as unknown[]).map((value, i) => readSecretDetector(reader, value, ['secrets', 'detectors', i]));
  }
  config.admission = readAdmissionConfig(reader, root.admission);
  config.policies = reader.stringList(root.policies, ['policies']).map((policy) => resolve(dirname(path), policy));
  return config;
}

const BUILT_IN_SECRET_IDS = new Set(secretRules.map((rule) => rule.detector.id));

function readSecretDetector(reader: FieldReader, value: unknown, path: Array<string | number>): CustomSecretDetector {
  const record = reader.record(value, path, ['id', 'title', 'severity', 'regex', 'keywords', 'entropy', 'allow']);
  const id = reader.string(record.id, [...path, 'id']);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) reader.fail([...path, 'id'], '"id" must be kebab-case (lowercase letters, digits and dashes)');
  if (BUILT_IN_SECRET_IDS.has(id)) reader.fail([...path, 'id'], `"${id}" is a built-in detector; pick another id`);
  const keywords = reader.stringList(record.keywords, [...path, 'keywords']);
  // The prefilter only runs a detector where one of its keywords occurs, so a detector needs at least one usable one.
  if (keywords.length === 0 || keywords.some((k) => k.length < 3)) reader.fail([...path, 'keywords'], '"keywords" must list strings of 3 or more characters that every match contains or sits next to');
  const detector: CustomSecretDetector = { id, regex: reader.string(record.regex, [...path, 'regex']), keywords };
  const title = reader.optionalString(record.title, [...path, 'title']);
  if (title !== undefined) detector.title = title;
  if (record.severity !== undefined) detector.severity = reader.severity(record.severity, [...path, 'severity']);
  if (record.entropy !== undefined) {
    if (typeof record.entropy !== 'number' || record.entropy < 0 || record.entropy > 8) reader.fail([...path, 'entropy'], '"entropy" must be a number of bits per character, 0 to 8');
    detector.entropy = record.entropy;
  }
  const allow = reader.stringList(record.allow, [...path, 'allow']);
  if (allow.length > 0) detector.allow = allow;
  try {
    compileCustomDetector(detector);
  } catch (error) {
    reader.fail([...path, 'regex'], `invalid regular expression: ${(error as Error).message}`);
  }
  return detector;
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
