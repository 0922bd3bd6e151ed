import type { JsonPath } from '../../../core/fix.js';
import { parseSelector, selectorMatches, type PolicyIssue } from '../../../parsers/kubernetes/label-selector.js';
import { asRecord } from '../../../parsers/kubernetes/values.js';

/**
 * A metav1.LabelSelector as `LabelSelectorAsSelector` reads it, for aggregation rules: an invalid
 * selector makes the aggregation controller give up on the whole role, so it is returned as errors
 * rather than guessed at.
 */
export type LabelSelector = (labels: Readonly<Record<string, string>>) => boolean;

export interface SelectorError {
  path: JsonPath;
  message: string;
}

export function parseLabelSelector(value: unknown): { selector: LabelSelector } | { errors: SelectorError[] } {
  if (!asRecord(value)) return { errors: [{ path: [], message: 'a label selector must be a map with matchLabels and/or matchExpressions' }] };
  const issues: PolicyIssue[] = [];
  const parsed = parseSelector(value, [], issues);
  if (issues.length > 0) return { errors: issues };
  return { selector: (labels) => selectorMatches(parsed, labels) };
}
