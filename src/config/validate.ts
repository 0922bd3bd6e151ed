import { isRuleSeverity, RULE_SEVERITIES, type Severity } from '../core/severity.js';
import type { YamlDocument } from '../parsers/kubernetes/documents.js';
import { asRecord } from '../parsers/kubernetes/values.js';
import type { JsonPath } from '../core/fix.js';
import { ConfigError } from './config-error.js';


/** Field reader that turns every type mismatch into a ConfigError pointing at the offending line. */
export class FieldReader {
  constructor(private readonly document: YamlDocument) {}

  fail(path: JsonPath, message: string): never {
    const { location } = this.document.locate(path);
    throw new ConfigError(this.document.file, location.startLine, message);
  }

  record(value: unknown, path: JsonPath, allowed: readonly string[]): Record<string, unknown> {
    const record = asRecord(value);
    if (!record) this.fail(path, `${label(path)} must be a mapping`);
    for (const key of Object.keys(record)) {
      if (!allowed.includes(key)) this.fail([...path, key], `unknown key "${key}" in ${label(path)} (allowed: ${allowed.join(', ')})`);
    }
    return record;
  }

  string(value: unknown, path: JsonPath): string {
    if (typeof value !== 'string' || value === '') this.fail(path, `${label(path)} must be a non-empty string`);
    return value;
  }

  optionalString(value: unknown, path: JsonPath): string | undefined {
    return value === undefined || value === null ? undefined : this.string(value, path);
  }

  stringList(value: unknown, path: JsonPath): string[] {
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [value];
    if (!Array.isArray(value)) this.fail(path, `${label(path)} must be a list of strings`);
    return value.map((item, i) => this.string(item, [...path, i]));
  }

  severity(value: unknown, path: JsonPath): Severity {
    const normalized = typeof value === 'string' ? value.toLowerCase() : value;
    if (!isRuleSeverity(normalized)) this.fail(path, `${label(path)} must be one of ${RULE_SEVERITIES.join(', ')}`);
    return normalized;
  }

  date(value: unknown, path: JsonPath): string {
    const text = this.string(value, path);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
      this.fail(path, `${label(path)} must be a date written YYYY-MM-DD`);
    }
    return text;
  }

  lineOf(path: JsonPath): number {
    return this.document.locate(path).location.startLine;
  }
}

function label(path: JsonPath): string {
  return path.length === 0 ? 'the file' : `"${path.join('.')}"`;
}
