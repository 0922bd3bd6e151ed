import { terminalSafe } from '../core/terminal.js';
import type { Finding, ScanError } from '../core/finding.js';
import type { Report } from '../core/report.js';
import { SEVERITIES, severityRank, type Severity } from '../core/severity.js';
import { groupBy, normalizeLocation, resourceLabel, visibleFindings, visibleVulnerabilities } from './format.js';
import { displayPath } from './paths.js';
import type { FormatOptions, Formatter } from './formatter.js';
import { formatVulnerabilityTable, type Paint, type Style } from './table-vulnerabilities.js';

/** Human output for terminals and CI logs: grouped by file, worst first within a line, then vulnerabilities by package, then a summary. */

const ANSI: Record<Style, [string, string]> = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  boldRed: ['\u001b[1;31m', '\u001b[22;39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
  gray: ['\u001b[90m', '\u001b[39m'],
};

const SEVERITY_STYLE: Record<Severity, Style> = { critical: 'boldRed', high: 'red', medium: 'yellow', unknown: 'yellow', low: 'cyan', info: 'gray' };
const WORST_FIRST = [...SEVERITIES].reverse();
const LABEL_WIDTH = Math.max(...SEVERITIES.map((s) => s.length));
const INDENT = '  ';
const DETAIL_INDENT = INDENT + ' '.repeat(LABEL_WIDTH + 2);

export function formatTable(report: Report, options: FormatOptions): string {
  const paint: Paint = options.color ? (style, text) => `${ANSI[style][0]}${text}${ANSI[style][1]}` : (_style, text) => text;
  const sources = new Map<string, string[] | undefined>();
  const lineOf = (file: string, line: number): string | undefined => {
    if (!options.readSource) return undefined;
    if (!sources.has(file)) sources.set(file, options.readSource(file)?.split(/\r?\n/));
    return sources.get(file)?.[line - 1];
  };

  const sensitive = new Set(report.rules.filter((r) => r.sensitive).map((r) => r.id));
  const quote = (finding: Finding, file: string, line: number) => (sensitive.has(finding.ruleId) ? undefined : lineOf(file, line));
  const out: string[] = [];
  const byFile = groupBy(visibleFindings(report, options), (f) => f.location.file);
  for (const file of [...byFile.keys()].sort((a, b) => displayPath(a, options.cwd).localeCompare(displayPath(b, options.cwd)))) {
    out.push(paint('bold', oneLine(displayPath(file, options.cwd))));
    for (const finding of [...byFile.get(file)!].sort(byPosition)) out.push(...formatFinding(finding, options, paint, (file, line) => quote(finding, file, line)), '');
  }
  const vulnerabilities = visibleVulnerabilities(report, options);
  if (vulnerabilities.length > 0) {
    const target = report.target ? ` in ${oneLine(report.target.name)}${report.target.os ? ` (${oneLine(report.target.os)})` : ''}` : '';
    out.push(paint('bold', `Vulnerabilities${target}`), '');
    out.push(
      ...formatVulnerabilityTable(vulnerabilities, {
        paint,
        oneLine,
        severityStyle: (v) => SEVERITY_STYLE[v.severity.level],
        labelWidth: LABEL_WIDTH,
        indent: INDENT,
        ...(options.cwd ? { cwd: options.cwd } : {}),
        ...(options.width !== undefined ? { width: options.width } : {}),
      }),
    );
  }
  out.push(...summary(report, options, paint));
  return `${out.join('\n')}\n`;
}

function byPosition(a: Finding, b: Finding): number {
  return a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn || severityRank(b.severity) - severityRank(a.severity) || a.ruleId.localeCompare(b.ruleId);
}

function formatFinding(finding: Finding, options: FormatOptions, paint: Paint, lineOf: (file: string, line: number) => string | undefined): string[] {
  const location = normalizeLocation(finding.location);
  const label = finding.severity.toUpperCase().padEnd(LABEL_WIDTH);
  const [firstLine = '', ...moreLines] = terminalSafe(finding.message.trim() ? finding.message : finding.title).split('\n');
  const heading = `${INDENT}${paint(SEVERITY_STYLE[finding.severity], label)}  ${paint('bold', terminalSafe(finding.ruleId))}  ${firstLine}`;
  const lines = [finding.suppressed ? paint('dim', heading) : heading, ...moreLines.map((l) => DETAIL_INDENT + l)];

  const where = `${displayPath(location.file, options.cwd)}:${location.startLine}:${location.startColumn}`;
  lines.push(`${DETAIL_INDENT}at ${oneLine(where)}${finding.resource ? ` in ${oneLine(resourceLabel(finding.resource))}` : ''}`);
  if (finding.suppressed) {
    const { kind, reason, expires } = finding.suppressed;
    lines.push(paint('dim', `${DETAIL_INDENT}suppressed (${kind})${reason ? `: ${oneLine(reason)}` : ''}${expires ? `, expires ${terminalSafe(expires)}` : ''}`));
  }
  const source = lineOf(location.file, location.startLine);
  if (source !== undefined) lines.push(...snippet(source, location, paint, finding.severity));
  return lines;
}

/** The offending line with carets under the reported span (to the end of the line when the span continues). */
function snippet(source: string, location: ReturnType<typeof normalizeLocation>, paint: Paint, severity: Severity): string[] {
  const text = terminalSafe(source).replace(/\n/g, ' ');
  const gutter = String(location.startLine);
  // Columns count UTF-16 units; carets count code points so astral characters take one cell.
  const before = terminalSafe(source.slice(0, location.startColumn - 1));
  const endColumn = location.endLine === location.startLine ? location.endColumn : source.length + 1;
  const span = terminalSafe(source.slice(location.startColumn - 1, endColumn - 1));
  const pad = Array.from(before, (ch) => (ch === '\t' ? '\t' : ' ')).join('');
  const carets = '^'.repeat(Math.max(1, Array.from(span).length));
  return [`${DETAIL_INDENT}${paint('gray', `${gutter} |`)} ${text}`, `${DETAIL_INDENT}${paint('gray', `${' '.repeat(gutter.length)} |`)} ${pad}${paint(SEVERITY_STYLE[severity], carets)}`];
}

/** Warnings, then errors, each with its count, and the summary line last, where a reader of a CI log looks. */
function summary(report: Report, options: FormatOptions, paint: Paint): string[] {
  const { bySeverity, suppressed, files, resources, durationMs } = report.summary;
  const warnings = report.errors.filter((e) => e.level === 'warning');
  const errors = report.errors.filter((e) => e.level !== 'warning');
  const lines: string[] = [];
  if (warnings.length > 0) lines.push(paint('bold', `Warnings (${warnings.length}):`), ...warnings.map((e) => errorLine(e, options, paint)), '');
  if (errors.length > 0) lines.push(paint('bold', `Errors (${errors.length}):`), ...errors.map((e) => errorLine(e, options, paint)), '');
  const total = SEVERITIES.reduce((sum, s) => sum + (bySeverity[s] ?? 0), 0);
  const counts = WORST_FIRST.filter((s) => (bySeverity[s] ?? 0) > 0).map((s) => paint(SEVERITY_STYLE[s], `${bySeverity[s]} ${s}`));
  const parts = [
    total === 0 ? 'No findings' : `${total} ${total === 1 ? 'finding' : 'findings'} (${counts.join(', ')})`,
    ...(suppressed > 0 ? [`${suppressed} suppressed${options.showSuppressed ? '' : ' (hidden)'}`] : []),
    `${files} ${files === 1 ? 'file' : 'files'} and ${resources} ${resources === 1 ? 'resource' : 'resources'} scanned in ${durationMs} ms`,
    // A scan with unreadable input is incomplete; its summary must not read as a clean bill of health.
    ...(errors.length > 0 ? [paint('red', `${errors.length} ${errors.length === 1 ? 'input' : 'inputs'} could not be read (see Errors)`)] : []),
    ...(warnings.length > 0 ? [`${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'}`] : []),
  ];
  const vulnerabilityLine = vulnerabilitySummary(report, options, paint);
  if (vulnerabilityLine) lines.push(vulnerabilityLine);
  lines.push(parts.join('; '));
  return lines;
}

function vulnerabilitySummary(report: Report, options: FormatOptions, paint: Paint): string | undefined {
  const { packages, vulnerabilities } = report.summary;
  if (packages === 0) return undefined;
  const unchecked = report.unchecked ?? [];
  // Packages nobody checked must never read as "No vulnerabilities".
  if (unchecked.length > 0) {
    const count = unchecked.reduce((sum, u) => sum + u.packages, 0);
    const files = `${unchecked.length} ${unchecked.length === 1 ? 'package file' : 'package files'} (${count} ${count === 1 ? 'package' : 'packages'})`;
    const reasons = [...new Set(unchecked.map((u) => u.reason))].join('; ');
    return paint('red', `${files} not checked for vulnerabilities: ${oneLine(reasons)}`);
  }
  const total = SEVERITIES.reduce((sum, s) => sum + vulnerabilities.bySeverity[s], 0);
  const counts = WORST_FIRST.filter((s) => vulnerabilities.bySeverity[s] > 0).map((s) => paint(SEVERITY_STYLE[s], `${vulnerabilities.bySeverity[s]} ${s}`));
  const affected = new Set(report.vulnerabilities.filter((v) => !v.suppressed).map((v) => v.package.purl)).size;
  return [
    total === 0 ? `No vulnerabilities in ${packages} ${packages === 1 ? 'package' : 'packages'}` : `${total} ${total === 1 ? 'vulnerability' : 'vulnerabilities'} (${counts.join(', ')}) in ${affected} of ${packages} packages`,
    ...(vulnerabilities.suppressed > 0 ? [`${vulnerabilities.suppressed} suppressed${options.showSuppressed ? '' : ' (hidden)'}`] : []),
  ].join('; ');
}

function errorLine(error: ScanError, options: FormatOptions, paint: Paint): string {
  const level = error.level ?? 'error';
  const where = `${displayPath(error.file, options.cwd)}${error.line !== undefined && error.line >= 1 ? `:${error.line}` : ''}`;
  return `${INDENT}${paint(level === 'error' ? 'red' : 'yellow', level.padEnd(7))} ${oneLine(where)}  ${oneLine(error.message)}`;
}


function oneLine(text: string): string {
  return terminalSafe(text).replace(/\s*\n\s*/g, ' ');
}

export const tableFormatter: Formatter = {
  name: 'table',
  format: formatTable,
};
