import type { Severity } from '../../core/severity.js';
import { IGNORE_ANNOTATION } from '../../pipeline/annotations.js';

/** What one decision reports about one rule: a finding of the evaluator or an image-trust verdict. */
export interface Verdict {
  ruleId: string;
  severity: Severity;
  message: string;
  /** Dotted path of the offending field, when the rule names one. */
  fieldPath?: string;
}

/**
 * The API server truncates a warning past 256 characters and drops every warning once 4096 characters have been
 * added from all sources (webhooks and the server itself); kubectl prints each on its own line. Ours stay within a
 * share of that total, and say how many were left out rather than losing them silently.
 */
export const WARNING_MAX_CHARS = 256;
export const WARNINGS_TOTAL_CHARS = 3_072;
export const MAX_WARNINGS = 25;
/** Enough for a reader to act on, short enough for kubectl's one-line error. */
const MAX_DENIED_IN_MESSAGE = 10;

export function warningsFor(verdicts: readonly Verdict[], extra: readonly string[] = []): string[] {
  const lines = [...extra.map(clean), ...verdicts.map((v) => clean(`${v.ruleId} (${v.severity}): ${v.message}`))].map((line) => clip(line, WARNING_MAX_CHARS));
  const kept: string[] = [];
  let used = 0;
  for (const [i, line] of lines.entries()) {
    const later = lines.length - i - 1;
    // While more lines follow, room stays for the one saying how many were left out.
    const reserve = later > 0 ? moreLine(lines.length).length : 0;
    if (kept.length + (later > 0 ? 2 : 1) > MAX_WARNINGS || used + line.length + reserve > WARNINGS_TOTAL_CHARS) {
      kept.push(moreLine(lines.length - i));
      break;
    }
    kept.push(line);
    used += line.length;
  }
  return kept;
}

function moreLine(count: number): string {
  return `... and ${count} more Rampart warning${count === 1 ? '' : 's'} (rampart scan lists them all)`;
}

/** The status message of a denial: each rule with its message, then how to waive one on this object. */
export function denialMessage(denied: readonly Verdict[]): string {
  const shown = denied.slice(0, MAX_DENIED_IN_MESSAGE).map((v) => `${v.ruleId} (${v.severity}): ${clip(clean(v.message), 400)}`);
  if (denied.length > shown.length) shown.push(`and ${denied.length - shown.length} more`);
  const first = denied[0]?.ruleId ?? 'RULE';
  return `Rampart denied this object: ${shown.join('; ')}. To waive a rule for this object, annotate it with ${IGNORE_ANNOTATION}: "${first}: <reason>"`;
}

/** Warnings travel in HTTP headers and messages quote object content: no control characters. */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/**
 * Audit annotation keys are prefixed by the API server with the webhook's name and a slash, and the result must be
 * a qualified name: so a key is one name part ([A-Za-z0-9][-A-Za-z0-9_.]*, at most 63), never a rule ID with its
 * slash. Rule IDs go into the values.
 */
export const AUDIT_KEYS = { denied: 'denied-rules', warned: 'warned-rules', audit: 'audit-rules', exempt: 'exempt', failure: 'failure' } as const;
const QUALIFIED_NAME_PART = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

export function isValidAuditKey(key: string): boolean {
  return QUALIFIED_NAME_PART.test(key);
}

export function ruleList(verdicts: readonly Verdict[]): string {
  return [...new Set(verdicts.map((v) => v.ruleId))].sort().join(',');
}
