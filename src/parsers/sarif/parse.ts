/**
 * SARIF 2.1.0 logs as code scanners write them (Semgrep, CodeQL, gosec...), read into the few facts a gate needs:
 * which tool, which rule, how severe, where, and the tool's own fingerprints. Only what is read is validated, but
 * everything read is validated: a log that is not what it claims to be is an error naming the field, never a log with
 * no results, since an empty import would pass a gate.
 */

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

export interface SarifRule {
  id: string;
  name?: string;
  shortDescription?: string;
  fullDescription?: string;
  help?: string;
  helpUri?: string;
  /** `defaultConfiguration.level`: the level of results that state none. */
  level?: SarifLevel;
  /** `properties.security-severity`, the CVSS-like 0.0 to 10.0 score GitHub code scanning ranks security results by. */
  securitySeverity?: number;
  tags: string[];
}

export interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface SarifLocation {
  /** As written in the log: relative (to `uriBaseId`, usually `%SRCROOT%`) or a `file:` URI. */
  uri: string;
  uriBaseId?: string;
  region?: SarifRegion;
}

export interface SarifResult {
  ruleId: string;
  rule?: SarifRule;
  level: SarifLevel;
  /** The result's own `properties.security-severity`, which wins over its rule's. */
  securitySeverity?: number;
  message: string;
  location?: SarifLocation;
  /** `partialFingerprints` and `fingerprints`, by name: stable identities the tool computed. */
  fingerprints: Record<string, string>;
  /** In-source (`// nosemgrep`, `#nosec`) or external suppressions the tool recorded and did not reject. */
  suppression?: { kind: string; justification?: string };
}

export interface SarifRun {
  tool: { name: string; version?: string };
  results: SarifResult[];
}

export interface SarifLimits {
  maxRuns: number;
  maxResults: number;
  maxRules: number;
}

export const DEFAULT_SARIF_LIMITS: SarifLimits = { maxRuns: 100, maxResults: 100_000, maxRules: 50_000 };

/** What makes a log unusable, with the JSON path of the offending field. */
export class SarifError extends Error {}

type Json = Record<string, unknown>;

const LEVELS: readonly SarifLevel[] = ['none', 'note', 'warning', 'error'];

export function parseSarif(text: string, limits: SarifLimits = DEFAULT_SARIF_LIMITS): SarifRun[] {
  let log: unknown;
  try {
    log = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new SarifError(`not JSON: ${(error as Error).message}`);
  }
  const root = record(log, '$');
  if (root.version !== '2.1.0') throw new SarifError(`$.version: expected "2.1.0", got ${describe(root.version)}`);
  const runs = array(root.runs, '$.runs');
  if (runs.length > limits.maxRuns) throw new SarifError(`$.runs: ${runs.length} runs, more than the limit of ${limits.maxRuns}`);
  const budget = { results: limits.maxResults, rules: limits.maxRules };
  return runs.map((run, index) => readRun(record(run, `$.runs[${index}]`), `$.runs[${index}]`, budget, limits));
}

function readRun(run: Json, path: string, budget: { results: number; rules: number }, limits: SarifLimits): SarifRun {
  const driver = record(record(run.tool, `${path}.tool`).driver, `${path}.tool.driver`);
  const name = string(driver.name, `${path}.tool.driver.name`).trim();
  if (name === '') throw new SarifError(`${path}.tool.driver.name: empty`);
  const version = optionalString(driver.semanticVersion, `${path}.tool.driver.semanticVersion`) ?? optionalString(driver.version, `${path}.tool.driver.version`);
  // CodeQL lists its queries' rules under the query packs (`tool.extensions[]`), the driver's list then being empty.
  const components = [{ component: driver, path: `${path}.tool.driver` }];
  const extensions = run.tool && (run.tool as Json).extensions;
  if (extensions !== undefined) array(extensions, `${path}.tool.extensions`).forEach((c, i) => components.push({ component: record(c, `${path}.tool.extensions[${i}]`), path: `${path}.tool.extensions[${i}]` }));
  const rulesById = new Map<string, SarifRule>();
  const driverRules: SarifRule[] = [];
  const componentRules: SarifRule[][] = [];
  for (const { component, path: componentPath } of components) {
    const list = component.rules === undefined ? [] : array(component.rules, `${componentPath}.rules`);
    budget.rules -= list.length;
    if (budget.rules < 0) throw new SarifError(`${componentPath}.rules: more than the limit of ${limits.maxRules} rules in one log`);
    const rules = list.map((rule, i) => readRule(record(rule, `${componentPath}.rules[${i}]`), `${componentPath}.rules[${i}]`));
    for (const rule of rules) if (!rulesById.has(rule.id)) rulesById.set(rule.id, rule);
    componentRules.push(rules);
    if (component === driver) driverRules.push(...rules);
  }
  const list = run.results === undefined || run.results === null ? [] : array(run.results, `${path}.results`);
  budget.results -= list.length;
  if (budget.results < 0) throw new SarifError(`${path}.results: more than the limit of ${limits.maxResults} results in one log`);
  const results = list.map((result, i) => readResult(record(result, `${path}.results[${i}]`), `${path}.results[${i}]`, rulesById, componentRules));
  return { tool: { name, ...(version ? { version } : {}) }, results };
}

function readRule(rule: Json, path: string): SarifRule {
  const id = string(rule.id, `${path}.id`);
  const properties = rule.properties === undefined ? {} : record(rule.properties, `${path}.properties`);
  const level = rule.defaultConfiguration === undefined ? undefined : optionalLevel(record(rule.defaultConfiguration, `${path}.defaultConfiguration`).level, `${path}.defaultConfiguration.level`);
  const securitySeverity = score(properties['security-severity'], `${path}.properties.security-severity`);
  const tags = properties.tags === undefined ? [] : array(properties.tags, `${path}.properties.tags`).map((tag, i) => string(tag, `${path}.properties.tags[${i}]`));
  const name = optionalString(rule.name, `${path}.name`);
  const shortDescription = messageText(rule.shortDescription, `${path}.shortDescription`);
  const fullDescription = messageText(rule.fullDescription, `${path}.fullDescription`);
  const help = messageText(rule.help, `${path}.help`);
  const helpUri = optionalString(rule.helpUri, `${path}.helpUri`);
  return {
    id,
    ...(name ? { name } : {}),
    ...(shortDescription ? { shortDescription } : {}),
    ...(fullDescription ? { fullDescription } : {}),
    ...(help ? { help } : {}),
    ...(helpUri ? { helpUri } : {}),
    ...(level ? { level } : {}),
    ...(securitySeverity !== undefined ? { securitySeverity } : {}),
    tags,
  };
}

function readResult(result: Json, path: string, rulesById: Map<string, SarifRule>, componentRules: SarifRule[][]): SarifResult {
  const reference = result.rule === undefined ? undefined : record(result.rule, `${path}.rule`);
  const rule = ruleOf(result, reference, path, rulesById, componentRules);
  const ruleId = optionalString(result.ruleId, `${path}.ruleId`) ?? (reference && optionalString(reference.id, `${path}.rule.id`)) ?? rule?.id;
  if (ruleId === undefined || ruleId === '') throw new SarifError(`${path}: no ruleId, rule.id or rule index`);
  // SARIF's default level is "warning" when neither the result nor its rule's configuration says.
  const level = optionalLevel(result.level, `${path}.level`) ?? rule?.level ?? 'warning';
  const properties = result.properties === undefined ? {} : record(result.properties, `${path}.properties`);
  const securitySeverity = score(properties['security-severity'], `${path}.properties.security-severity`);
  const message = resultMessage(result.message, `${path}.message`, rule);
  const locations = result.locations === undefined ? [] : array(result.locations, `${path}.locations`);
  const location = locations.length > 0 ? readLocation(record(locations[0], `${path}.locations[0]`), `${path}.locations[0]`) : undefined;
  const fingerprints = { ...stringMap(result.partialFingerprints, `${path}.partialFingerprints`), ...stringMap(result.fingerprints, `${path}.fingerprints`) };
  const suppression = activeSuppression(result.suppressions, `${path}.suppressions`);
  return {
    ruleId,
    ...(rule ? { rule } : {}),
    level,
    ...(securitySeverity !== undefined ? { securitySeverity } : {}),
    message,
    ...(location ? { location } : {}),
    fingerprints,
    ...(suppression ? { suppression } : {}),
  };
}

/** By `ruleIndex` (or `rule.index` into the component `rule.toolComponent.index` names), else by ID. */
function ruleOf(result: Json, reference: Json | undefined, path: string, rulesById: Map<string, SarifRule>, componentRules: SarifRule[][]): SarifRule | undefined {
  const index = optionalIndex(result.ruleIndex, `${path}.ruleIndex`) ?? (reference && optionalIndex(reference.index, `${path}.rule.index`));
  if (index !== undefined) {
    const component = reference?.toolComponent === undefined ? 0 : (optionalIndex(record(reference.toolComponent, `${path}.rule.toolComponent`).index, `${path}.rule.toolComponent.index`) ?? 0) + 1;
    const rule = componentRules[component]?.[index];
    if (!rule) throw new SarifError(`${path}: rule index ${index} names no rule of the log`);
    return rule;
  }
  const id = optionalString(result.ruleId, `${path}.ruleId`) ?? (reference && optionalString(reference.id, `${path}.rule.id`));
  return id === undefined ? undefined : rulesById.get(id);
}

function readLocation(location: Json, path: string): SarifLocation | undefined {
  if (location.physicalLocation === undefined) return undefined;
  const physical = record(location.physicalLocation, `${path}.physicalLocation`);
  if (physical.artifactLocation === undefined) return undefined;
  const artifact = record(physical.artifactLocation, `${path}.physicalLocation.artifactLocation`);
  const uri = optionalString(artifact.uri, `${path}.physicalLocation.artifactLocation.uri`);
  if (uri === undefined || uri === '') return undefined;
  const uriBaseId = optionalString(artifact.uriBaseId, `${path}.physicalLocation.artifactLocation.uriBaseId`);
  const region = physical.region === undefined ? undefined : readRegion(record(physical.region, `${path}.physicalLocation.region`), `${path}.physicalLocation.region`);
  return { uri, ...(uriBaseId ? { uriBaseId } : {}), ...(region ? { region } : {}) };
}

/** SARIF's defaults: the end line is the start line, columns span the whole line. */
function readRegion(region: Json, path: string): SarifRegion | undefined {
  const startLine = optionalPositive(region.startLine, `${path}.startLine`);
  if (startLine === undefined) return undefined;
  const startColumn = optionalPositive(region.startColumn, `${path}.startColumn`) ?? 1;
  const endLine = Math.max(startLine, optionalPositive(region.endLine, `${path}.endLine`) ?? startLine);
  const endColumn = optionalPositive(region.endColumn, `${path}.endColumn`) ?? startColumn;
  return { startLine, startColumn, endLine, endColumn };
}

/** A suppression counts unless its status is `rejected` or `underReview`, as SARIF defines. */
function activeSuppression(value: unknown, path: string): SarifResult['suppression'] {
  if (value === undefined || value === null) return undefined;
  const list = array(value, path);
  for (const [i, item] of list.entries()) {
    const suppression = record(item, `${path}[${i}]`);
    const status = optionalString(suppression.status, `${path}[${i}].status`);
    if (status === 'rejected' || status === 'underReview') continue;
    const kind = string(suppression.kind, `${path}[${i}].kind`);
    const justification = optionalString(suppression.justification, `${path}[${i}].justification`);
    return { kind, ...(justification ? { justification } : {}) };
  }
  return undefined;
}

/** `text`, or a rule's message string by `id` with its `{0}` placeholders filled from `arguments`. */
function resultMessage(value: unknown, path: string, rule: SarifRule | undefined): string {
  const message = record(value, path);
  const text = optionalString(message.text, `${path}.text`) ?? optionalString(message.markdown, `${path}.markdown`);
  if (text !== undefined) return fillArguments(text, message.arguments, path);
  const id = optionalString(message.id, `${path}.id`);
  if (id !== undefined) return rule?.shortDescription ?? rule?.name ?? id;
  throw new SarifError(`${path}: neither text nor id`);
}

function fillArguments(text: string, value: unknown, path: string): string {
  if (value === undefined) return text;
  const args = array(value, `${path}.arguments`).map((arg, i) => string(arg, `${path}.arguments[${i}]`));
  return text.replace(/\{(\d+)\}/g, (whole, index: string) => args[Number(index)] ?? whole);
}

function messageText(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  const message = record(value, path);
  return optionalString(message.text, `${path}.text`) ?? optionalString(message.markdown, `${path}.markdown`);
}

/** GitHub reads `security-severity` as a string holding a number; some writers emit the number itself. */
function score(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(number) || number < 0 || number > 10) throw new SarifError(`${path}: expected a score from 0.0 to 10.0, got ${describe(value)}`);
  return number;
}

function stringMap(value: unknown, path: string): Record<string, string> {
  if (value === undefined) return {};
  const map = record(value, path);
  return Object.fromEntries(Object.entries(map).map(([key, item]) => [key, string(item, `${path}.${key}`)]));
}

function record(value: unknown, path: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SarifError(`${path}: expected an object, got ${describe(value)}`);
  return value as Json;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new SarifError(`${path}: expected an array, got ${describe(value)}`);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new SarifError(`${path}: expected a string, got ${describe(value)}`);
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : string(value, path);
}

function optionalLevel(value: unknown, path: string): SarifLevel | undefined {
  if (value === undefined) return undefined;
  if (!LEVELS.includes(value as SarifLevel)) throw new SarifError(`${path}: expected one of ${LEVELS.join(', ')}, got ${describe(value)}`);
  return value as SarifLevel;
}

function optionalIndex(value: unknown, path: string): number | undefined {
  if (value === undefined || value === -1) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0) throw new SarifError(`${path}: expected an index, got ${describe(value)}`);
  return value as number;
}

function optionalPositive(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || (value as number) < 1) throw new SarifError(`${path}: expected a positive integer, got ${describe(value)}`);
  return value as number;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return typeof value === 'object' ? 'an object' : String(value);
}
