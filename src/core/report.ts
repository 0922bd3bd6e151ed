import type { Finding, ScanError } from './finding.js';
import type { RuleMeta } from './rule.js';
import { SEVERITIES, type Severity } from './severity.js';

/** Bumped only for breaking changes to the JSON report; additions keep the version. */
export const REPORT_SCHEMA_VERSION = '1.0.0';

export interface ReportSummary {
  bySeverity: Record<Severity, number>;
  files: number;
  resources: number;
  suppressed: number;
  durationMs: number;
}

export interface Report {
  schemaVersion: string;
  tool: { name: string; version: string };
  /** Every finding, suppressed ones included (renderers hide those unless asked). */
  findings: Finding[];
  errors: ScanError[];
  summary: ReportSummary;
  /** Metadata of every rule that ran, for SARIF's rule catalog and JUnit's test cases. */
  rules: RuleMeta[];
}

export function emptyBySeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
}

export function activeFindings(report: Report): Finding[] {
  return report.findings.filter((f) => !f.suppressed);
}
