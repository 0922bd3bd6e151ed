import type { Finding, ScanError } from './finding.js';
import type { RuleMeta } from './rule.js';
import { SEVERITIES, type Severity } from './severity.js';
import type { UncheckedFile, VulnerabilityFinding } from './vulnerability.js';

/** The JSON report's contract version (docs/report.md): the minor for additions, the major for breaking changes. */
export const REPORT_SCHEMA_VERSION = '1.3.0';

export interface ReportSummary {
  bySeverity: Record<Severity, number>;
  files: number;
  resources: number;
  /** Kubernetes objects scanned per kind, when any were: which rules had something to judge (compliance reports). */
  resourceKinds?: Record<string, number>;
  suppressed: number;
  durationMs: number;
  /** Packages inventoried (lockfiles, package databases, SBOM components); 0 when none were looked for. */
  packages: number;
  /** Counted like `bySeverity`, but for vulnerabilities: suppressed ones are left out and counted apart. */
  vulnerabilities: { bySeverity: Record<Severity, number>; suppressed: number };
}

/** What was scanned when it is not a set of files: an image or an SBOM. */
export interface ScanTarget {
  type: 'image' | 'sbom';
  /** The reference or path as the user gave it. */
  name: string;
  /** Image manifest digest, when known. */
  digest?: string;
  /** Distribution and release, e.g. `debian 12`. */
  os?: string;
  /** Read from a local archive or OCI layout: `name` is a path, not a registry reference. */
  archive?: true;
}

export interface Report {
  schemaVersion: string;
  tool: { name: string; version: string };
  /** Every finding, suppressed ones included (renderers hide those unless asked). */
  findings: Finding[];
  /** Every vulnerability found in inventoried packages, suppressed ones included and marked. */
  vulnerabilities: VulnerabilityFinding[];
  /**
   * Package files whose packages were not checked for vulnerabilities (no usable database); each also has an
   * error-level entry in `errors`, so the scan is incomplete. Absent or empty when every package was checked.
   */
  unchecked?: UncheckedFile[];
  errors: ScanError[];
  summary: ReportSummary;
  target?: ScanTarget;
  /** Metadata of every rule that ran, for SARIF's rule catalog and JUnit's test cases. */
  rules: RuleMeta[];
}

export function emptyBySeverity(): Record<Severity, number> {
  // Built by assignment: the webhook builds three of these per review, and fromEntries over a mapped array cost 5 µs.
  const counts = {} as Record<Severity, number>;
  for (const severity of SEVERITIES) counts[severity] = 0;
  return counts;
}

export function activeFindings(report: Report): Finding[] {
  return report.findings.filter((f) => !f.suppressed);
}

export function activeVulnerabilities(report: Report): VulnerabilityFinding[] {
  return report.vulnerabilities.filter((v) => !v.suppressed);
}

export function summarizeVulnerabilities(vulnerabilities: readonly VulnerabilityFinding[]): ReportSummary['vulnerabilities'] {
  const bySeverity = emptyBySeverity();
  let suppressed = 0;
  for (const vulnerability of vulnerabilities) {
    if (vulnerability.suppressed) suppressed++;
    else bySeverity[vulnerability.severity.level]++;
  }
  return { bySeverity, suppressed };
}
