import type { Finding, ScanError } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { severityRank, type Severity } from '../core/severity.js';
import type { VulnerabilityFinding } from '../core/vulnerability.js';
import { fixLabel, groupBy, normalizeLocation, packageLabel, resourceLabel, visibleFindings, visibleVulnerabilities } from './format.js';
import { displayPath } from './paths.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { escapeXmlText, xmlElement } from './xml.js';

/**
 * JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one suite per file, one test case
 * per rule and resource (or location, for files without resources), so a CI dashboard tracks the
 * same case across runs while its line numbers shift.
 */
type Outcome = { kind: 'failure' | 'error' | 'skipped'; message: string; type?: string; details?: string } | { kind: 'passed' };

interface TestCase {
  classname: string;
  name: string;
  outcome: Outcome;
}

interface TestSuite {
  name: string;
  cases: TestCase[];
}

const ERRORS_SUITE = 'rampart scan errors';
const VULNERABILITIES_SUITE = 'vulnerabilities';

export function formatJunit(report: Report, options: FormatOptions): string {
  const byFile = groupBy(visibleFindings(report, options), (f) => displayPath(f.location.file, options.cwd));
  const suites: TestSuite[] = [...byFile].map(([file, findings]) => ({ name: file, cases: fileCases(file, findings) }));
  const vulnerabilities = visibleVulnerabilities(report, options);
  if (vulnerabilities.length > 0) suites.push({ name: VULNERABILITIES_SUITE, cases: packageCases(vulnerabilities, options.cwd) });
  if (report.errors.length > 0) suites.push({ name: ERRORS_SUITE, cases: report.errors.map((e) => errorCase(e, options.cwd)) });
  // CI plugins treat a report without tests as a broken run; a clean scan is one passing test.
  if (suites.length === 0) suites.push({ name: 'rampart', cases: [{ classname: 'rampart', name: `no findings in ${report.summary.files} files`, outcome: { kind: 'passed' } }] });

  const totals = countOutcomes(suites.flatMap((s) => s.cases));
  // One element per line keeps the XML diffable; parsers ignore whitespace between elements.
  const body = suites
    .map((suite) => xmlElement('testsuite', { name: suite.name, ...countOutcomes(suite.cases) }, `\n${suite.cases.map((c) => `    ${formatCase(c)}\n`).join('')}  `))
    .map((suite) => `\n  ${suite}`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xmlElement('testsuites', { name: report.tool.name, ...totals, time: (report.summary.durationMs / 1000).toFixed(3) }, `${body}\n`)}\n`;
}

function fileCases(file: string, findings: Finding[]): TestCase[] {
  const groups = groupBy(findings, (f) => `${f.ruleId}\u0000${groupLabel(f)}`);
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    return { classname: file, name: `${first.ruleId} ${groupLabel(first)}`, outcome: groupOutcome(group, file) };
  });
}

/** One case per package version: the unit a fix (an upgrade) turns green. */
function packageCases(vulnerabilities: VulnerabilityFinding[], cwd: string | undefined): TestCase[] {
  const groups = groupBy(vulnerabilities, (v) => `${v.package.ecosystem}\u0000${v.package.name}\u0000${v.package.version}`);
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const classname = displayPath(first.locations[0]?.file ?? '', cwd);
    const active = group.filter((v) => !v.suppressed);
    const line = (v: VulnerabilityFinding) =>
      `${v.id} (${v.severity.level}${v.severity.score !== undefined ? ` ${v.severity.score}` : ''}): ${fixLabel(v)}${v.summary ? ` - ${v.summary}` : ''}${v.suppressed ? ` (suppressed, ${v.suppressed.kind}: ${v.suppressed.reason})` : ''}`;
    if (active.length === 0) {
      return { classname, name: packageLabel(first), outcome: { kind: 'skipped', message: `suppressed (${first.suppressed!.kind})`, details: group.map(line).join('\n') } };
    }
    const worst = active.reduce<Severity>((max, v) => (severityRank(v.severity.level) > severityRank(max) ? v.severity.level : max), active[0]!.severity.level);
    return {
      classname,
      name: packageLabel(first),
      outcome: { kind: 'failure', type: worst, message: active.map((v) => v.id).join(', '), details: group.map(line).join('\n') },
    };
  });
}

function groupLabel(finding: Finding): string {
  if (finding.resource) return resourceLabel(finding.resource);
  const { startLine, startColumn } = normalizeLocation(finding.location);
  return `line ${startLine}:${startColumn}`;
}

function groupOutcome(group: Finding[], file: string): Outcome {
  const active = group.filter((f) => !f.suppressed);
  const suppressed = group.filter((f) => f.suppressed);
  const suppressedLines = suppressed.map((f) => `${position(file, f)} ${f.message} (suppressed, ${f.suppressed!.kind}: ${f.suppressed!.reason})`);
  if (active.length === 0) {
    const { kind, reason } = suppressed[0]!.suppressed!;
    return { kind: 'skipped', message: `suppressed (${kind})${reason ? `: ${reason}` : ''}`, details: suppressedLines.join('\n') };
  }
  const worst = active.reduce<Severity>((max, f) => (severityRank(f.severity) > severityRank(max) ? f.severity : max), active[0]!.severity);
  const details = [
    ...active.map((f) => `${position(file, f)} ${f.message}${f.fieldPath ? `\n  field: ${f.fieldPath}` : ''}`),
    ...suppressedLines,
    `Remediation: ${active[0]!.remediation}`,
  ];
  return { kind: 'failure', type: worst, message: active.map((f) => f.message).join('; '), details: details.join('\n') };
}

function position(file: string, finding: Finding): string {
  const { startLine, startColumn } = normalizeLocation(finding.location);
  return `${file}:${startLine}:${startColumn}`;
}

function errorCase(error: ScanError, cwd: string | undefined): TestCase {
  const file = displayPath(error.file, cwd);
  const line = error.line !== undefined && error.line >= 1 ? error.line : undefined;
  const where = line !== undefined ? `${file}:${line}` : file;
  // A warning (e.g. a kind scanned with generic rules only) means partly unchecked input, not a broken scan.
  const outcome: Outcome =
    error.level === 'warning'
      ? { kind: 'skipped', message: `warning: ${error.message}` }
      : { kind: 'error', type: 'error', message: error.message, details: `${where} ${error.message}` };
  return { classname: file, name: line !== undefined ? `scan line ${line}` : 'scan', outcome };
}

function formatCase(test: TestCase): string {
  const { outcome } = test;
  const child =
    outcome.kind === 'passed' ? undefined : xmlElement(outcome.kind, { message: outcome.message, type: outcome.type }, outcome.details === undefined ? undefined : escapeXmlText(outcome.details));
  return xmlElement('testcase', { classname: test.classname, name: test.name }, child);
}

function countOutcomes(cases: TestCase[]): { tests: number; failures: number; errors: number; skipped: number } {
  const count = (kind: Outcome['kind']): number => cases.filter((c) => c.outcome.kind === kind).length;
  return { tests: cases.length, failures: count('failure'), errors: count('error'), skipped: count('skipped') };
}

export const junitFormatter: Formatter = {
  name: 'junit',
  format: formatJunit,
};
