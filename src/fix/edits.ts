import type { TextEdit } from '../core/fix.js';

/** A fix the applier left out, and why, so `rampart fix` can tell the user what still needs a hand. */
export interface SkippedFix {
  description: string;
  reason: string;
}

export interface FixResult {
  output: string;
  /** Fixes that changed the text; fixes the file already satisfies count neither as applied nor as skipped. */
  applied: number;
  skipped: SkippedFix[];
}

/** True when the two edits touch the same text; inserts at one offset conflict because their order is undefined. */
export function editsOverlap(a: TextEdit, b: TextEdit): boolean {
  const [aStart, aEnd] = a.range;
  const [bStart, bEnd] = b.range;
  if (aStart === aEnd && bStart === bEnd) return aStart === bStart;
  return aStart < bEnd && bStart < aEnd;
}

export function sameEdit(a: TextEdit, b: TextEdit): boolean {
  return a.range[0] === b.range[0] && a.range[1] === b.range[1] && a.text === b.text;
}

/** Applies non-overlapping edits; working from the end keeps every earlier offset valid. */
export function spliceEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  let output = text;
  for (const { range, text: replacement } of ordered) {
    output = output.slice(0, range[0]) + replacement + output.slice(range[1]);
  }
  return output;
}
