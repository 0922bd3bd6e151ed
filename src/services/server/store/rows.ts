import type { Severity } from '../../../core/severity.js';
import type { StoredFinding, StoredReport, StoredVulnerability } from './types.js';

/** Row shapes as both drivers return them (snake_case columns, numbers for BIGINT) and their API form. */
export const iso = (ms: number): string => new Date(Number(ms)).toISOString();
const optional = <T>(value: T | null | undefined): T | undefined => (value === null || value === undefined ? undefined : value);
const optionalIso = (ms: number | null | undefined): string | undefined => (ms === null || ms === undefined ? undefined : iso(ms));

export interface FindingRow {
  id: number;
  subject: string;
  project: string | null;
  fingerprint: string;
  rule_id: string;
  severity: Severity;
  title: string;
  message: string;
  file: string;
  line: number;
  resource: string | null;
  first_seen: number;
  last_seen: number;
  fixed_at: number | null;
  first_report: number;
  last_report: number;
  [key: string]: unknown;
}

export function findingOf(row: FindingRow): StoredFinding {
  return {
    id: Number(row.id),
    subject: row.subject,
    ...(row.project ? { project: row.project } : {}),
    fingerprint: row.fingerprint,
    ruleId: row.rule_id,
    severity: row.severity,
    title: row.title,
    message: row.message,
    file: row.file,
    line: Number(row.line),
    ...(row.resource ? { resource: row.resource } : {}),
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    ...(row.fixed_at !== null ? { fixedAt: iso(row.fixed_at) } : {}),
    firstReport: Number(row.first_report),
    lastReport: Number(row.last_report),
  };
}

export interface VulnerabilityRow {
  id: number;
  subject: string;
  project: string | null;
  digest: string | null;
  fingerprint: string;
  vulnerability_id: string;
  aliases: string;
  summary: string | null;
  package_name: string;
  package_version: string;
  ecosystem: string;
  purl: string;
  severity: Severity;
  fixed_versions: string;
  first_seen: number;
  last_seen: number;
  fixed_at: number | null;
  first_report: number | null;
  last_report: number | null;
  [key: string]: unknown;
}

export function vulnerabilityOf(row: VulnerabilityRow): StoredVulnerability {
  const firstReport = optional(row.first_report);
  const lastReport = optional(row.last_report);
  const fixedAt = optionalIso(row.fixed_at);
  return {
    id: Number(row.id),
    subject: row.subject,
    ...(row.project ? { project: row.project } : {}),
    ...(row.digest ? { digest: row.digest } : {}),
    fingerprint: row.fingerprint,
    vulnerabilityId: row.vulnerability_id,
    aliases: JSON.parse(row.aliases) as string[],
    ...(row.summary ? { summary: row.summary } : {}),
    package: { name: row.package_name, version: row.package_version, ecosystem: row.ecosystem, purl: row.purl },
    severity: row.severity,
    fixedVersions: JSON.parse(row.fixed_versions) as string[],
    firstSeen: iso(row.first_seen),
    lastSeen: iso(row.last_seen),
    ...(fixedAt ? { fixedAt } : {}),
    ...(firstReport !== undefined ? { firstReport: Number(firstReport) } : {}),
    ...(lastReport !== undefined ? { lastReport: Number(lastReport) } : {}),
  };
}

export interface ReportRow {
  id: number;
  subject: string;
  project: string | null;
  digest: string | null;
  target: string | null;
  pull_request: string | null;
  commit_sha: string | null;
  pipeline: string | null;
  tool_version: string;
  findings: number;
  vulnerabilities: number;
  errors: number;
  uploaded_by: string;
  received_at: number;
  [key: string]: unknown;
}

export function reportOf(row: ReportRow): StoredReport {
  return {
    id: Number(row.id),
    subject: row.subject,
    ...(row.project ? { project: row.project } : {}),
    ...(row.digest ? { digest: row.digest } : {}),
    ...(row.target ? { target: row.target } : {}),
    ...(row.pull_request ? { pullRequest: row.pull_request } : {}),
    ...(row.commit_sha ? { commit: row.commit_sha } : {}),
    ...(row.pipeline ? { pipeline: row.pipeline } : {}),
    toolVersion: row.tool_version,
    findings: Number(row.findings),
    vulnerabilities: Number(row.vulnerabilities),
    errors: Number(row.errors),
    uploadedBy: row.uploaded_by,
    receivedAt: iso(row.received_at),
  };
}

export const REPORT_COLUMNS = 'r.id, r.subject, p.name AS project, r.digest, r.target, r.pull_request, r.commit_sha, r.pipeline, r.tool_version, r.findings, r.vulnerabilities, r.errors, r.uploaded_by, r.received_at';
