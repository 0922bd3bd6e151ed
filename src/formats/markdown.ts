import type { Finding, ScanError } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { SEVERITIES, severityRank, type Severity } from '../core/severity.js';
import type { VulnerabilityFinding } from '../core/vulnerability.js';
import { fixLabel, normalizeLocation, packageLabel, resourceLabel, visibleFindings, visibleVulnerabilities } from './format.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { displayPath } from './paths.js';

/** Rows per table: a pull-request comment holds 65,536 characters, and nobody reads the hundred-and-first row there. */
export const MARKDOWN_MAX_ROWS = 50;
const MAX_CELL = 160;

/**
 * A summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: counts by severity, then the worst findings,
 * vulnerabilities and errors as tables, each cut at MARKDOWN_MAX_ROWS with a note. Every cell is escaped, so a
 * message from a scanned file or an imported log cannot add links, HTML, mentions or table columns. Findings about
 * secrets carry only their redacted form, as everywhere.
 */
export function formatMarkdown(report: Report, options: FormatOptions): string {
  const findings = worstFirst(visibleFindings(report, options), (f) => f.severity);
  const vulnerabilities = worstFirst(visibleVulnerabilities(report, options), (v) => v.severity.level);
  const errors = report.errors.filter((e) => (e.level ?? 'error') === 'error');
  const lines = ['## Rampart', '', verdict(report, findings.length, vulnerabilities.length, errors.length), ''];
  lines.push(...countsTable(report));
  if (findings.length > 0) {
    lines.push('', '### Findings', '', '| Severity | Rule | Location | Message |', '| --- | --- | --- | --- |');
    lines.push(...findings.slice(0, MARKDOWN_MAX_ROWS).map((f) => row([f.severity, code(f.ruleId), code(where(f, options.cwd)), message(f)])));
    lines.push(...truncation(findings.length, 'findings'));
  }
  if (vulnerabilities.length > 0) {
    lines.push('', '### Vulnerabilities', '', '| Severity | ID | Package | Fix | Found in |', '| --- | --- | --- | --- | --- |');
    lines.push(...vulnerabilities.slice(0, MARKDOWN_MAX_ROWS).map((v) => row([v.severity.level, code(v.id), packageLabel(v), fixLabel(v), code(foundIn(v))])));
    lines.push(...truncation(vulnerabilities.length, 'vulnerabilities'));
  }
  if (errors.length > 0) {
    lines.push('', '### Not scanned', '', '| File | Problem |', '| --- | --- |');
    lines.push(...errors.slice(0, MARKDOWN_MAX_ROWS).map((e) => row([code(errorPlace(e, options.cwd)), e.message])));
    lines.push(...truncation(errors.length, 'errors'));
  }
  return `${lines.join('\n')}\n`;
}

export const markdownFormatter: Formatter = { name: 'markdown', format: formatMarkdown };

function verdict(report: Report, findings: number, vulnerabilities: number, errors: number): string {
  const suppressed = report.summary.suppressed + report.summary.vulnerabilities.suppressed;
  const waived = suppressed > 0 ? ` (${count(suppressed, 'suppressed finding', 'suppressed findings')} not shown)` : '';
  const incomplete = errors > 0 ? ` **The scan is incomplete:** ${count(errors, 'input', 'inputs')} could not be scanned.` : '';
  if (findings + vulnerabilities === 0) return `No findings in ${count(report.summary.files, 'file', 'files')}${waived}.${incomplete}`;
  return `${count(findings, 'finding', 'findings')} and ${count(vulnerabilities, 'vulnerability', 'vulnerabilities')} in ${count(report.summary.files, 'file', 'files')}${waived}.${incomplete}`;
}

function countsTable(report: Report): string[] {
  // `unknown` (unrated advisories) only when something has it.
  const shown = [...SEVERITIES].reverse().filter((s) => s !== 'unknown' || report.summary.bySeverity[s] + report.summary.vulnerabilities.bySeverity[s] > 0);
  return [
    `| | ${shown.join(' | ')} |`,
    `| --- |${shown.map(() => ' ---: |').join('')}`,
    `| Findings | ${shown.map((s) => report.summary.bySeverity[s]).join(' | ')} |`,
    `| Vulnerabilities | ${shown.map((s) => report.summary.vulnerabilities.bySeverity[s]).join(' | ')} |`,
  ];
}

function truncation(total: number, what: string): string[] {
  return total > MARKDOWN_MAX_ROWS ? ['', `_Showing the ${MARKDOWN_MAX_ROWS} most severe of ${total} ${what}; the SARIF, JSON or JUnit report has them all._`] : [];
}

/** Stable: equally severe entries keep the report's order (by file and line). */
function worstFirst<T>(items: readonly T[], severity: (item: T) => Severity): T[] {
  return items.map((item, index) => ({ item, index })).sort((a, b) => severityRank(severity(b.item)) - severityRank(severity(a.item)) || a.index - b.index).map((entry) => entry.item);
}

function where(finding: Finding, cwd: string | undefined): string {
  const place = `${displayPath(finding.location.file, cwd)}:${normalizeLocation(finding.location).startLine}`;
  return finding.resource ? `${place} (${resourceLabel(finding.resource)})` : place;
}

function message(finding: Finding): string {
  return finding.secret ? `${finding.title}: ${finding.secret.redacted}` : finding.message;
}

function foundIn(vulnerability: VulnerabilityFinding): string {
  return vulnerability.locations.map((l) => l.file).join(', ') || '-';
}

function errorPlace(error: ScanError, cwd: string | undefined): string {
  return `${displayPath(error.file, cwd)}${error.line ? `:${error.line}` : ''}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A cell's text, or text to set as code. */
type Cell = string | { code: string };

function row(cells: Cell[]): string {
  return `| ${cells.map((cell) => (typeof cell === 'string' ? escapeCell(cell) : `<code>${escapeCell(cell.code)}</code>`)).join(' | ')} |`;
}

/** A backtick span cannot escape its own delimiter; `<code>` holds escaped text like any other cell. */
function code(text: string): Cell {
  return { code: text };
}

/**
 * One line, at most MAX_CELL characters, HTML-escaped, Markdown punctuation backslash-escaped and `@` broken, so
 * the cell is read as plain text: no link, image, HTML, emphasis, mention or extra column.
 */
export function escapeCell(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const cut = line.length > MAX_CELL ? `${line.slice(0, MAX_CELL - 1)}…` : line;
  return cut
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (ch) => `\\${ch}`)
    // GitHub finds mentions in the rendered text, where an entity is already `@` again; a zero-width space breaks them.
    .replace(/@/g, '@\u200b')
    .replace(/:\/\//g, '&#58;//');
}
