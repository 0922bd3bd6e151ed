import type { Fix, TextEdit } from '../core/fix.js';
import { editsOverlap, sameEdit, spliceEdits, type FixResult, type SkippedFix } from './edits.js';

/**
 * Applies Dockerfile fixes. Each fix's edits go in together or not at all; fixes are taken in the
 * order given, and one that collides with an earlier fix is skipped rather than half-applied.
 */
export function applyTextEdits(text: string, fixes: readonly Fix[]): FixResult {
  const accepted: TextEdit[] = [];
  const skipped: SkippedFix[] = [];
  let applied = 0;
  for (const fix of fixes) {
    if (fix.kind !== 'text-edit') {
      skipped.push({ description: fix.description, reason: 'not a text edit' });
      continue;
    }
    const reason = rejectionReason(text, fix.edits, accepted);
    if (reason) {
      skipped.push({ description: fix.description, reason });
      continue;
    }
    // Two rules proposing the identical edit is agreement, not a conflict; write it once.
    const fresh = fix.edits.filter((edit) => !accepted.some((other) => sameEdit(edit, other)));
    if (fresh.length === 0) continue;
    accepted.push(...fresh);
    applied++;
  }
  return { output: spliceEdits(text, accepted), applied, skipped };
}

function rejectionReason(text: string, edits: readonly TextEdit[], accepted: readonly TextEdit[]): string | undefined {
  for (const [i, edit] of edits.entries()) {
    const [start, end] = edit.range;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > text.length) {
      return `edit range ${start}-${end} lies outside the file (${text.length} characters); the file changed since the scan`;
    }
    if (edits.slice(0, i).some((other) => editsOverlap(edit, other))) return 'the fix contains overlapping edits';
    const clash = accepted.find((other) => !sameEdit(edit, other) && editsOverlap(edit, other));
    if (clash) return `overlaps another fix's edit at offsets ${clash.range[0]}-${clash.range[1]}`;
  }
  return undefined;
}
