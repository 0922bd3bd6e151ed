import { terminalSafe } from '../core/terminal.js';

/** A column is never cut below this (or its header, or its widest cell when that is narrower). */
const MIN_COLUMN = 8;

/**
 * Left-aligned columns two spaces apart, the last one unpadded so no line ends in spaces; one line per row. With
 * `width` (a terminal's), the widest columns give up characters until a line fits, and cut cells end in `…`; a note
 * under the table then says so. Without it (a file, a pipe, `--wide`) every cell is whole.
 */
export function columns(headers: readonly string[], given: readonly (readonly string[])[], width?: number): string {
  // Names come from scanned input: no escape sequence in them may reach the terminal.
  const rows = given.map((row) => row.map((cell) => Array.from(terminalSafe(cell))));
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const cut = width === undefined ? false : fit(widths, headers, width);
  const cell = (chars: readonly string[], i: number) => (chars.length > widths[i]! ? `${chars.slice(0, widths[i]! - 1).join('')}…` : chars.join(''));
  const line = (cells: ReadonlyArray<readonly string[]>) => cells.map((c, i) => (i === cells.length - 1 ? cell(c, i) : cell(c, i).padEnd(widths[i]!))).join('  ') + '\n';
  const note = cut ? '(cut to fit: --wide shows all)\n' : '';
  return line(headers.map((h) => Array.from(h))) + rows.map(line).join('') + note;
}

/** Narrows `widths` in place, widest column first, until a line fits in `width`; whether any column was narrowed. */
function fit(widths: number[], headers: readonly string[], width: number): boolean {
  const minimum = widths.map((w, i) => Math.min(w, Math.max(MIN_COLUMN, headers[i]!.length)));
  let excess = widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1) - width;
  let cut = false;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if (widths[i]! > minimum[i]! && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    if (widest < 0) break;
    widths[widest] = widths[widest]! - 1;
    excess--;
    cut = true;
  }
  return cut;
}
