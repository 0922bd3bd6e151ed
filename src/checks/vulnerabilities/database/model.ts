import { parseDocument } from 'yaml';
/** OSV schema 1.6 record, as far as Rampart reads it; unknown fields survive in the stored raw JSON. */
export interface OsvRecord {
  schema_version?: string;
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  /** osv-schema 1.7: the IDs a record derives from (Debian and Ubuntu name their CVEs here, not in `aliases`). */
  upstream?: string[];
  related?: string[];
  summary?: string;
  details?: string;
  severity?: OsvSeverity[];
  affected?: OsvAffected[];
  database_specific?: Record<string, unknown>;
}

export interface OsvSeverity {
  /** CVSS_V2, CVSS_V3, CVSS_V4 or Ubuntu; other types are kept but not scored. */
  type: string;
  score: string;
}

export interface OsvPackage {
  ecosystem: string;
  name: string;
  purl?: string;
}

export const RANGE_TYPES = ['SEMVER', 'ECOSYSTEM', 'GIT'] as const;
export type OsvRangeType = (typeof RANGE_TYPES)[number];

export const EVENT_KINDS = ['introduced', 'fixed', 'last_affected', 'limit'] as const;
export type OsvEventKind = (typeof EVENT_KINDS)[number];
/** Exactly one of the four keys is present. */
export type OsvEvent = Partial<Record<OsvEventKind, string>>;

export interface OsvRange {
  type: OsvRangeType;
  repo?: string;
  events: OsvEvent[];
}

export interface OsvAffected {
  package?: OsvPackage;
  severity?: OsvSeverity[];
  ranges?: OsvRange[];
  versions?: string[];
  ecosystem_specific?: Record<string, unknown>;
  database_specific?: Record<string, unknown>;
}

export type SkipCode =
  | 'invalid-json'
  | 'invalid-yaml'
  | 'not-osv-file'
  | 'not-an-object'
  | 'missing-id'
  | 'missing-modified'
  | 'invalid-date'
  | 'wrong-type'
  | 'invalid-range'
  | 'invalid-event';

export interface SkipReason {
  code: SkipCode;
  /** JSON path of the offending field, for the import report. */
  detail: string;
}

export type Validation = { ok: true; record: OsvRecord } | { ok: false; reason: SkipReason };

class Invalid extends Error {
  constructor(readonly reason: SkipReason) {
    super(reason.detail);
  }
}

const fail = (code: SkipCode, detail: string): never => {
  throw new Invalid({ code, detail });
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function optionalString(owner: Record<string, unknown>, key: string, path: string): void {
  if (owner[key] !== undefined && typeof owner[key] !== 'string') fail('wrong-type', `${path}.${key}`);
}

/**
 * Milliseconds of an RFC 3339 time, NaN when unreadable. Years written without zero padding
 * (`1-01-01T00:00:00Z`, seen in converted PyPI records) are padded rather than rejected.
 */
export function parseOsvTime(value: string): number {
  const padded = /^\d{1,3}-/.test(value) ? value.replace(/^\d+/, (year) => year.padStart(4, '0')) : value;
  return Date.parse(padded);
}

function optionalDate(owner: Record<string, unknown>, key: string, path: string): void {
  optionalString(owner, key, path);
  if (typeof owner[key] === 'string' && Number.isNaN(parseOsvTime(owner[key]))) fail('invalid-date', `${path}.${key}`);
}

function optionalStringArray(owner: Record<string, unknown>, key: string, path: string): void {
  const value = owner[key];
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) fail('wrong-type', `${path}.${key}`);
}

function optionalObject(owner: Record<string, unknown>, key: string, path: string): void {
  if (owner[key] !== undefined && !isObject(owner[key])) fail('wrong-type', `${path}.${key}`);
}

function optionalArray(owner: Record<string, unknown>, key: string, path: string): unknown[] {
  const value = owner[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail('wrong-type', `${path}.${key}`);
  return value as unknown[];
}

function checkSeverities(owner: Record<string, unknown>, path: string): void {
  optionalArray(owner, 'severity', path).forEach((entry, i) => {
    const at = `${path}.severity[${i}]`;
    if (!isObject(entry) || typeof entry.type !== 'string' || typeof entry.score !== 'string') fail('wrong-type', at);
  });
}

function checkRange(range: unknown, at: string): void {
  if (!isObject(range)) return fail('wrong-type', at);
  if (!(RANGE_TYPES as readonly unknown[]).includes(range.type)) fail('invalid-range', `${at}.type`);
  optionalString(range, 'repo', at);
  if (range.type === 'GIT' && typeof range.repo !== 'string') fail('invalid-range', `${at}.repo`);
  if (!Array.isArray(range.events) || range.events.length === 0) fail('invalid-range', `${at}.events`);
  (range.events as unknown[]).forEach((event, k) => {
    const keys = isObject(event) ? Object.keys(event) : [];
    const kind = keys[0];
    if (keys.length !== 1 || !(EVENT_KINDS as readonly unknown[]).includes(kind) || typeof (event as Record<string, unknown>)[kind as string] !== 'string')
      fail('invalid-event', `${at}.events[${k}]`);
  });
}

function checkAffected(entry: unknown, at: string): void {
  if (!isObject(entry)) return fail('wrong-type', at);
  if (entry.package !== undefined) {
    const pkg = entry.package;
    if (!isObject(pkg) || typeof pkg.ecosystem !== 'string' || typeof pkg.name !== 'string' || pkg.ecosystem === '' || pkg.name === '')
      fail('wrong-type', `${at}.package`);
    optionalString(pkg as Record<string, unknown>, 'purl', `${at}.package`);
  }
  checkSeverities(entry, at);
  optionalArray(entry, 'ranges', at).forEach((range, j) => checkRange(range, `${at}.ranges[${j}]`));
  optionalStringArray(entry, 'versions', at);
  optionalObject(entry, 'ecosystem_specific', at);
  optionalObject(entry, 'database_specific', at);
}

/** Checks the fields Rampart relies on; anything else in the record is left as the source wrote it. */
export function validateOsvRecord(value: unknown): Validation {
  try {
    if (!isObject(value)) fail('not-an-object', '$');
    const record = value as Record<string, unknown>;
    if (typeof record.id !== 'string' || record.id.trim() === '') fail('missing-id', '$.id');
    if (record.modified === undefined) fail('missing-modified', '$.modified');
    optionalDate(record, 'modified', '$');
    optionalDate(record, 'published', '$');
    optionalDate(record, 'withdrawn', '$');
    optionalString(record, 'schema_version', '$');
    optionalString(record, 'summary', '$');
    optionalString(record, 'details', '$');
    optionalStringArray(record, 'aliases', '$');
    optionalStringArray(record, 'upstream', '$');
    optionalStringArray(record, 'related', '$');
    optionalObject(record, 'database_specific', '$');
    checkSeverities(record, '$');
    optionalArray(record, 'affected', '$').forEach((entry, i) => checkAffected(entry, `$.affected[${i}]`));
    return { ok: true, record: record as unknown as OsvRecord };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, reason: error.reason };
    throw error;
  }
}

/** Parses and validates one JSON document. */
/** OSV records are JSON, or YAML as some advisory repositories keep them (PyPA's advisory-database, for one). */
export function parseOsvRecord(text: string, format: 'json' | 'yaml' = 'json'): Validation {
  let value: unknown;
  try {
    value = format === 'json' ? JSON.parse(text) : parseYamlRecord(text);
  } catch (error) {
    return { ok: false, reason: { code: format === 'json' ? 'invalid-json' : 'invalid-yaml', detail: (error as Error).message } };
  }
  return validateOsvRecord(value);
}

function parseYamlRecord(text: string): unknown {
  // One document, no alias expansion beyond a handful: a record never needs more, a hostile file could.
  const document = parseDocument(text, { uniqueKeys: true });
  const [error] = document.errors;
  if (error) throw new Error(error.message);
  return document.toJS({ maxAliasCount: 10 });
}
