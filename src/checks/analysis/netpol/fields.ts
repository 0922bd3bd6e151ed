import type { JsonPath } from '../../../core/fix.js';
import { asArray, asRecord } from '../../../parsers/kubernetes/values.js';
import { MAX_PORT, MIN_PORT } from './connections.js';
import type { PolicyIssue } from '../../../parsers/kubernetes/label-selector.js';

/** A list field; anything but a list (or absent) is a schema error the API server rejects. */
export function listField(record: Record<string, unknown>, key: string, path: JsonPath, issues: PolicyIssue[]): unknown[] {
  const value = record[key];
  if (value !== undefined && value !== null && !Array.isArray(value)) issues.push({ path: [...path, key], message: `${key} must be a list` });
  return asArray(value);
}

/** A value that must be a map. */
export function mapItem(value: unknown, path: JsonPath, issues: PolicyIssue[]): Record<string, unknown> {
  const record = asRecord(value);
  if (!record) issues.push({ path, message: 'must be a map' });
  return record ?? {};
}

/** IANA_SVC_NAME, the rule for container port names: 1-15 of [a-z0-9-], a letter, no edge or double hyphen. */
export function isPortName(value: string): boolean {
  return /^(?=.*[a-z])(?!-)(?!.*--)[a-z0-9-]{1,15}(?<!-)$/.test(value);
}

export function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
}
