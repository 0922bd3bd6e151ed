import type { ComplianceReport } from '../../checks/compliance/types.js';
import { CONTROL_STATUSES, type ControlStatus } from '../../checks/compliance/types.js';
import { terminalSafe } from '../../core/terminal.js';
import { resourceLabel } from '../format.js';
import { scannedLine } from './html.js';

const STATUS_COLOR: Record<ControlStatus, string> = { pass: '\u001b[32m', fail: '\u001b[31m', manual: '\u001b[33m', 'not-applicable': '\u001b[90m' };
const RESET = '\u001b[39m';

/**
 * The compliance report for a terminal: one line per control (status, ID, title, counts), the failing and
 * suppressed findings under the control they break, and the summary. Scanned text is made terminal-safe.
 */
export function renderComplianceTable(report: ComplianceReport, options: { color?: boolean } = {}): string {
  const paint = (status: ControlStatus) => (options.color ? `${STATUS_COLOR[status]}${status.padEnd(14)}${RESET}` : status.padEnd(14));
  const idWidth = Math.max(...report.controls.map((c) => c.id.length), 7);
  const out: string[] = [`${report.framework.name} ${report.framework.version}`, safe(`scanned: ${scannedLine(report)}`), ''];
  if (report.incomplete) out.push('INCOMPLETE: some input could not be read (see errors); a pass may not hold for it.', '');
  let section = '';
  for (const control of report.controls) {
    if (control.section !== section) {
      section = control.section;
      out.push(control.sectionTitle);
    }
    const counts = [control.failing.length ? `${control.failing.length} failing` : '', control.suppressed.length ? `${control.suppressed.length} suppressed` : ''].filter(Boolean).join(', ');
    out.push(`  ${paint(control.status)} ${control.id.padEnd(idWidth)}  ${control.title}${counts ? `  (${counts})` : ''}`);
    for (const e of control.failing) out.push(safe(`      ${e.file}:${e.line}  ${e.resource ? `${resourceLabel(e.resource)}  ` : ''}${e.message}  [${e.ruleId}]`));
    for (const e of control.suppressed) out.push(safe(`      suppressed ${e.file}:${e.line}  ${e.message}  [${e.ruleId}; ${e.suppression?.kind}: ${e.suppression?.reason}]`));
  }
  out.push('', `${report.summary.total} controls: ${CONTROL_STATUSES.map((s) => `${report.summary[s]} ${s}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}

/** Paths, names and messages come from the scanned input: no escape sequence of theirs reaches the terminal, and a newline in one cannot forge a line. */
const safe = (line: string) => terminalSafe(line.replace(/\r?\n/g, ' '));
