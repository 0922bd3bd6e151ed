import { describe, expect, it } from 'vitest';
import type { Report } from '../src/core/report.js';
import { summarizeVulnerabilities } from '../src/core/report.js';
import { getFormatter } from '../src/formats/index.js';
import type { ReportFormat } from '../src/formats/formatter.js';
import { typicalReport, vulnerability } from '../src/formats/testdata/reports.js';

/** The typical report (findings, one suppressed, an error, a warning) with vulnerabilities: rated, unrated, suppressed. */
function mixedReport(): Report {
  const base = typicalReport();
  const vulnerabilities = [
    vulnerability(),
    vulnerability({ id: 'GHSA-unrated-0001', aliases: [], severity: { level: 'unknown', source: 'unknown' }, fingerprint: 'u'.repeat(32), package: { ...vulnerability().package, name: 'lodash', ecosystem: 'npm', purl: 'pkg:npm/lodash@4.17.15' }, locations: [{ file: 'package-lock.json' }, { file: 'web/package-lock.json' }] }),
    vulnerability({ id: 'CVE-2023-44487', severity: { level: 'high', source: 'CVSS_V3', score: 7.5 }, fingerprint: 'h'.repeat(32), suppressed: { kind: 'vex', reason: 'not reachable' } }),
  ];
  return { ...base, vulnerabilities, summary: { ...base.summary, packages: 2, vulnerabilities: summarizeVulnerabilities(vulnerabilities) } };
}

const render = (report: Report, format: ReportFormat) => getFormatter(format).format(report, { showSuppressed: false, color: false });

describe('one report in every format', () => {
  const report = mixedReport();
  const findings = report.findings.filter((f) => !f.suppressed);
  const vulnerabilities = report.vulnerabilities.filter((v) => !v.suppressed);
  const errors = report.errors.filter((e) => (e.level ?? 'error') === 'error');
  const warnings = report.errors.filter((e) => e.level === 'warning');

  it('is built with something of every kind, so the comparison means something', () => {
    expect(findings.length).toBeGreaterThan(1);
    expect(report.findings.length).toBeGreaterThan(findings.length);
    expect(vulnerabilities.map((v) => v.severity.level)).toContain('unknown');
    expect(report.vulnerabilities.length).toBeGreaterThan(vulnerabilities.length);
    expect(errors.length).toBeGreaterThan(0);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('counts the same findings, vulnerabilities, suppressions, errors and warnings in JSON, SARIF, JUnit and the table', () => {
    const json = JSON.parse(render(report, 'json')) as {
      findings: Array<{ suppressed?: object }>;
      vulnerabilities: Array<{ suppressed?: object; severity: { level: string } }>;
      errors: Array<{ level?: string }>;
      summary: { bySeverity: Record<string, number>; suppressed: number; vulnerabilities: { bySeverity: Record<string, number>; suppressed: number } };
    };
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
    expect(json.findings.filter((f) => !f.suppressed)).toHaveLength(findings.length);
    expect(sum(json.summary.bySeverity)).toBe(findings.length);
    expect(json.summary.suppressed).toBe(report.findings.length - findings.length);
    expect(sum(json.summary.vulnerabilities.bySeverity)).toBe(vulnerabilities.length);
    expect(json.summary.vulnerabilities.bySeverity.unknown).toBe(1);
    expect(json.summary.vulnerabilities.suppressed).toBe(report.vulnerabilities.length - vulnerabilities.length);
    expect(json.errors).toHaveLength(errors.length + warnings.length);

    const sarif = JSON.parse(render(report, 'sarif')) as {
      runs: Array<{ results: Array<{ ruleId: string; level: string; suppressions?: object[]; properties?: { severity?: string } }>; invocations: Array<{ toolExecutionNotifications?: Array<{ level: string }> }> }>;
    };
    const [run] = sarif.runs;
    const vulnerabilityIds = new Set(report.vulnerabilities.map((v) => v.id));
    const active = run!.results.filter((r) => !r.suppressions);
    // One SARIF result per location of a vulnerability, so each package file gets its alert.
    expect(active.filter((r) => !vulnerabilityIds.has(r.ruleId))).toHaveLength(findings.length);
    expect(active.filter((r) => vulnerabilityIds.has(r.ruleId))).toHaveLength(vulnerabilities.reduce((n, v) => n + v.locations.length, 0));
    expect(run!.results.filter((r) => r.suppressions)).toHaveLength(report.findings.length - findings.length + report.vulnerabilities.filter((v) => v.suppressed).reduce((n, v) => n + v.locations.length, 0));
    expect(active.filter((r) => r.properties?.severity === 'unknown').every((r) => r.level === 'warning')).toBe(true);
    const notifications = run!.invocations[0]!.toolExecutionNotifications ?? [];
    expect(notifications.filter((n) => n.level === 'error')).toHaveLength(errors.length);
    expect(notifications.filter((n) => n.level === 'warning')).toHaveLength(warnings.length);

    const junit = render(report, 'junit');
    const failures = [...junit.matchAll(/<failure [^>]*>([\s\S]*?)<\/failure>/g)].map((m) => m[1]!);
    const findingLines = failures.flatMap((details) => details.split('\n')).filter((line) => /^\S+:\d+:\d+ /.test(line) && !line.includes('(suppressed'));
    expect(findingLines).toHaveLength(findings.length);
    const vulnerabilityLines = failures.flatMap((details) => details.split('\n')).filter((line) => [...vulnerabilityIds].some((id) => line.startsWith(`${id} (`)) && !line.includes('(suppressed'));
    expect(vulnerabilityLines).toHaveLength(vulnerabilities.length);
    expect(junit).toContain('GHSA-unrated-0001 (unknown)');
    expect(/<testsuites [^>]*errors="(\d+)"/.exec(junit)?.[1]).toBe(String(errors.length));

    const table = render(report, 'table');
    expect(table).toContain(`${findings.length} findings (`);
    expect(table).toContain(`${report.findings.length - findings.length} suppressed (hidden)`);
    expect(table).toContain(`${vulnerabilities.length} vulnerabilities (1 critical, 1 unknown)`);
    expect(table).toMatch(/UNKNOWN +GHSA-unrated-0001/);
    expect(table).toContain(`Errors (${errors.length}):`);
    expect(table).toContain(`Warnings (${warnings.length}):`);
  });
});
