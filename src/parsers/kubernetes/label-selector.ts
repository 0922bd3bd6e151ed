import type { JsonPath } from '../../core/fix.js';
import { asArray, asRecord } from './values.js';

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
const OPERATORS: readonly string[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export interface Requirement {
  key: string;
  operator: SelectorOperator;
  values: ReadonlySet<string>;
}

export interface LabelSelector {
  matchLabels: ReadonlyArray<readonly [string, string]>;
  requirements: readonly Requirement[];
  /** Canonical text, for caching matches and deduplicating peers. */
  key: string;
}

export interface PolicyIssue {
  path: JsonPath;
  message: string;
}

export type Labels = Readonly<Record<string, string>>;

/** Parses a metav1.LabelSelector; problems the API server would reject are collected in `issues`. */
export function parseSelector(value: unknown, path: JsonPath, issues: PolicyIssue[]): LabelSelector {
  const record = asRecord(value);
  if (value !== null && value !== undefined && !record) issues.push({ path, message: 'a label selector must be a map' });
  const matchLabels: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(asRecord(record?.matchLabels) ?? {})) {
    if (typeof v === 'string') matchLabels.push([k, v]);
    else issues.push({ path: [...path, 'matchLabels', k], message: `label value for "${k}" must be a string` });
  }
  matchLabels.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const requirements: Requirement[] = [];
  if (record?.matchExpressions !== undefined && record.matchExpressions !== null && !Array.isArray(record.matchExpressions)) {
    issues.push({ path: [...path, 'matchExpressions'], message: 'matchExpressions must be a list' });
  }
  if (record?.matchLabels !== undefined && record.matchLabels !== null && !asRecord(record.matchLabels)) {
    issues.push({ path: [...path, 'matchLabels'], message: 'matchLabels must be a map' });
  }
  asArray(record?.matchExpressions).forEach((item, i) => {
    const expressionPath = [...path, 'matchExpressions', i];
    const expression = asRecord(item) ?? {};
    const { key, operator } = expression;
    const values = asArray(expression.values).filter((v): v is string => typeof v === 'string');
    if (typeof key !== 'string' || key === '') {
      issues.push({ path: [...expressionPath, 'key'], message: 'a match expression needs a key' });
      return;
    }
    if (typeof operator !== 'string' || !OPERATORS.includes(operator)) {
      issues.push({ path: [...expressionPath, 'operator'], message: `unknown selector operator "${String(operator)}" (use In, NotIn, Exists or DoesNotExist)` });
      return;
    }
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues && values.length === 0) {
      issues.push({ path: [...expressionPath, 'values'], message: `operator ${operator} needs at least one value` });
      return;
    }
    if (!needsValues && values.length > 0) {
      issues.push({ path: [...expressionPath, 'values'], message: `operator ${operator} takes no values` });
      return;
    }
    requirements.push({ key, operator: operator as SelectorOperator, values: new Set(values) });
  });
  const requirementKeys = requirements.map((r) => `${r.key} ${r.operator} ${[...r.values].sort().join('|')}`).sort();
  return { matchLabels, requirements, key: JSON.stringify([matchLabels, requirementKeys]) };
}

export function isEmptySelector(selector: LabelSelector): boolean {
  return selector.matchLabels.length === 0 && selector.requirements.length === 0;
}

export function selectorMatches(selector: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of selector.matchLabels) if (labels[k] !== v) return false;
  for (const { key, operator, values } of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    switch (operator) {
      case 'In':
        if (!has || !values.has(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.has(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}
