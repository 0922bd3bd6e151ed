import { terminalSafe } from '../core/terminal.js';

/** Left-aligned columns two spaces apart, the last one unpadded so no line ends in spaces; one line per row. */
export function columns(headers: readonly string[], given: readonly (readonly string[])[]): string {
  // Names come from scanned input: no escape sequence in them may reach the terminal.
  const rows = given.map((row) => row.map(terminalSafe));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ') + '\n';
  return line(headers) + rows.map(line).join('');
}
