import type { Finding } from '../core/finding.js';
import type { Report } from '../core/report.js';
import type { RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/severity.js';
import type { VulnerabilityFinding } from '../core/vulnerability.js';
import { fixLabel, normalizeLocation, packageLabel, referenceLines } from './format.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { displayPath } from './paths.js';

/** The Security Report Schemas release the report declares; GitLab validates it against that version. */
export const GITLAB_SAST_SCHEMA_VERSION = '15.0.7';
const SCHEMA_URL = `https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v${GITLAB_SAST_SCHEMA_VERSION}/dist/sast-report-format.json`;

/** The schema's length limits: GitLab refuses the whole report when one field is over. */
const MAX_NAME = 255;
const MAX_DESCRIPTION = 1_048_576;
const MAX_SOLUTION = 7_000;
const MAX_IDENTIFIERS = 20;

type GitlabSeverity = 'Critical' | 'High' | 'Medium' | 'Low' | 'Info' | 'Unknown';

interface Identifier {
  type: string;
  name: string;
  value: string;
  url?: string;
}

interface GitlabVulnerability {
  id: string;
  name: string;
  description: string;
  severity: GitlabSeverity;
  solution?: string;
  location: { file: string; start_line: number; end_line?: number };
  identifiers: Identifier[];
  links?: Array<{ url: string }>;
}

/**
 * `gl-sast-report.json`, the SAST report GitLab shows in merge requests and the vulnerability report (the
 * `artifacts: reports: sast:` of a job). Unsuppressed findings and vulnerabilities only: GitLab has no notion of a
 * waived finding, and would show it as open. IDs come from fingerprints, so GitLab tracks a finding across pipelines.
 */
export function formatGitlabSast(report: Report, options: FormatOptions, now = new Date()): string {
  const rules = new Map(report.rules.map((rule) => [rule.id, rule]));
  const vulnerabilities = [
    ...report.findings.filter((f) => !f.suppressed).map((f) => findingEntry(f, rules.get(f.ruleId), options.cwd)),
    ...report.vulnerabilities.filter((v) => !v.suppressed).map((v) => vulnerabilityEntry(v)),
  ];
  const tool = { id: report.tool.name, name: 'Rampart', version: report.tool.version, vendor: { name: 'Rampart' } };
  const failed = report.errors.some((e) => (e.level ?? 'error') === 'error');
  const document = {
    version: GITLAB_SAST_SCHEMA_VERSION,
    schema: SCHEMA_URL,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'sast',
      start_time: gitlabTime(new Date(now.getTime() - report.summary.durationMs)),
      end_time: gitlabTime(now),
      status: failed ? 'failure' : 'success',
      ...(failed ? { messages: report.errors.filter((e) => (e.level ?? 'error') === 'error').map((e) => ({ level: 'warn', value: `${displayPath(e.file, options.cwd)}: ${e.message}` })) } : {}),
    },
    vulnerabilities,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export const gitlabSastFormatter: Formatter = { name: 'gitlab-sast', format: (report, options) => formatGitlabSast(report, options) };

function findingEntry(finding: Finding, rule: RuleMeta | undefined, cwd: string | undefined): GitlabVulnerability {
  const location = normalizeLocation(finding.location);
  const urls = rule ? referenceLines(rule.references).filter((line) => /^https?:\/\//.test(line)) : [];
  const identifiers: Identifier[] = [
    { type: 'rampart_rule_id', name: finding.ruleId, value: finding.ruleId, ...(urls[0] ? { url: urls[0] } : {}) },
    ...finding.aliases.map((alias) => ({ type: 'rampart_rule_alias', name: alias, value: alias })),
  ];
  return {
    id: uuidOf(finding.fingerprint),
    name: limit(finding.title || finding.ruleId, MAX_NAME),
    description: limit(finding.message, MAX_DESCRIPTION),
    severity: gitlabSeverity(finding.severity),
    ...(finding.remediation ? { solution: limit(finding.remediation, MAX_SOLUTION) } : {}),
    location: { file: displayPath(location.file, cwd), start_line: location.startLine, end_line: location.endLine },
    identifiers: identifiers.slice(0, MAX_IDENTIFIERS),
    ...(urls.length > 0 ? { links: urls.map((url) => ({ url })) } : {}),
  };
}

function vulnerabilityEntry(vulnerability: VulnerabilityFinding): GitlabVulnerability {
  const ids = [vulnerability.id, ...vulnerability.aliases.filter((alias) => alias !== vulnerability.id)];
  return {
    id: uuidOf(vulnerability.fingerprint),
    name: limit(`${vulnerability.id} in ${vulnerability.package.name}`, MAX_NAME),
    description: limit(vulnerability.summary ?? `${vulnerability.id} affects ${packageLabel(vulnerability)}.`, MAX_DESCRIPTION),
    severity: gitlabSeverity(vulnerability.severity.level),
    solution: limit(`${packageLabel(vulnerability)}: ${fixLabel(vulnerability)}.`, MAX_SOLUTION),
    location: { file: vulnerability.locations[0]?.file ?? vulnerability.package.name, start_line: 1 },
    identifiers: ids.slice(0, MAX_IDENTIFIERS).map((id) => ({ type: /^CVE-/.test(id) ? 'cve' : 'advisory', name: id, value: id })),
  };
}

function gitlabSeverity(severity: Severity): GitlabSeverity {
  return `${severity.charAt(0).toUpperCase()}${severity.slice(1)}` as GitlabSeverity;
}

/** The schema's date-time pattern: seconds, no fraction, no zone (UTC is meant). */
function gitlabTime(date: Date): string {
  return date.toISOString().slice(0, 19);
}

/** A fingerprint (hex) in UUID layout, as GitLab recommends for IDs; the same finding keeps its ID. */
function uuidOf(fingerprint: string): string {
  const hex = fingerprint.replace(/[^0-9a-f]/gi, '').padEnd(32, '0').slice(0, 32).toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function limit(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
