/**
 * `unknown` is what an advisory that publishes no rating gets (never a rule's severity). It is listed first, as Trivy
 * lists UNKNOWN, and shown as such in every format.
 */
export const SEVERITIES = ['unknown', 'info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a rule (and so a config override or an admission mode) can say: every severity but `unknown`. */
export const RULE_SEVERITIES = SEVERITIES.filter((severity) => severity !== 'unknown');

export function isRuleSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (RULE_SEVERITIES as readonly string[]).includes(value);
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/**
 * Higher is worse; used for gates, filters and sorting. An unrated flaw is not known to be harmless, so `unknown`
 * ranks with medium: `--fail-on low` or `medium` still stops it, and nobody's rating is invented above that.
 */
const RANK: Record<Severity, number> = { info: 0, low: 1, unknown: 2, medium: 2, high: 3, critical: 4 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}
