import type { JsonPath } from '../../core/fix.js';
import { asArray, asRecord, asString } from '../../parsers/kubernetes/values.js';

/**
 * A metav1.LabelSelector as `LabelSelectorAsSelector` reads it: matchLabels and matchExpressions
 * are ANDed; an empty selector selects everything. An invalid selector makes the aggregation
 * controller give up on the whole role, so it is returned as errors rather than guessed at.
 */
export type LabelSelector = (labels: Readonly<Record<string, string>>) => boolean;

export interface SelectorError {
  path: JsonPath;
  message: string;
}

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

export function parseLabelSelector(value: unknown): { selector: LabelSelector } | { errors: SelectorError[] } {
  const record = asRecord(value);
  if (!record) return { errors: [{ path: [], message: 'a label selector must be a map with matchLabels and/or matchExpressions' }] };
  const requirements: Requirement[] = [];
  const errors: SelectorError[] = [];
  for (const [key, raw] of Object.entries(asRecord(record.matchLabels) ?? {})) {
    const expected = scalarString(raw);
    if (expected === undefined) errors.push({ path: ['matchLabels', key], message: `matchLabels.${key} must be a string` });
    else requirements.push((labels) => labels[key] === expected);
  }
  asArray(record.matchExpressions).forEach((item, index) => {
    const parsed = parseExpression(item);
    if (typeof parsed === 'string') errors.push({ path: ['matchExpressions', index], message: parsed });
    else requirements.push(parsed);
  });
  if (errors.length > 0) return { errors };
  return { selector: (labels) => requirements.every((r) => r(labels)) };
}

function parseExpression(item: unknown): Requirement | string {
  const expression = asRecord(item);
  const key = asString(expression?.key);
  if (!expression || !key) return 'a matchExpressions entry needs a key';
  const operator = expression.operator;
  const values = asArray(expression.values).map(scalarString);
  if (values.some((v) => v === undefined)) return `matchExpressions values of "${key}" must be strings`;
  const set = new Set(values as string[]);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (set.size === 0) return `operator ${operator} on "${key}" needs at least one value`;
      return operator === 'In'
        ? (labels) => key in labels && set.has(labels[key]!)
        : (labels) => !(key in labels) || !set.has(labels[key]!);
    case 'Exists':
    case 'DoesNotExist':
      if (set.size > 0) return `operator ${operator} on "${key}" takes no values`;
      return operator === 'Exists' ? (labels) => key in labels : (labels) => !(key in labels);
    default:
      return `unknown selector operator ${JSON.stringify(operator)} on "${key}" (use In, NotIn, Exists or DoesNotExist)`;
  }
}

/** Label values are strings; YAML may have typed `true` or `1`, which the API server would reject. */
function scalarString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
