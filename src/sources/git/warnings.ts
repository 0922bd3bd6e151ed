import type { ScanError } from '../../core/finding.js';

export type GitScanWarningKind =
  | 'shallow'
  | 'history-incomplete'
  | 'missing-object'
  | 'unreadable-object'
  | 'too-large'
  | 'binary'
  | 'scan-failed';

/** One kind of problem, counted: a repository with 40,000 vendored images yields one warning, not 40,000. */
export interface GitScanWarning {
  kind: GitScanWarningKind;
  message: string;
  count: number;
  /** Up to three affected places, `path (commit)`, to start investigating from. */
  examples: string[];
}

const MAX_EXAMPLES = 3;

export class WarningTally {
  private readonly byReason = new Map<string, GitScanWarning>();

  /** Counts one occurrence; warnings with the same kind and reason are merged. */
  add(kind: GitScanWarningKind, reason: string, where?: string): void {
    const key = `${kind}\0${reason}`;
    let warning = this.byReason.get(key);
    if (!warning) {
      warning = { kind, message: reason, count: 0, examples: [] };
      this.byReason.set(key, warning);
    }
    warning.count++;
    if (where !== undefined && warning.examples.length < MAX_EXAMPLES) warning.examples.push(where);
  }

  list(): GitScanWarning[] {
    return [...this.byReason.values()].map((warning) => ({
      ...warning,
      message: warning.count > 1 ? `${warning.message} (${warning.count} times)` : warning.message,
    }));
  }
}

/** Incomplete scans fail the gate (exit 3); what merely could not be read as text is a warning. */
const INCOMPLETE: ReadonlySet<GitScanWarningKind> = new Set(['history-incomplete', 'missing-object', 'unreadable-object', 'scan-failed']);

/** The report's errors for counted warnings, all at `file` (the repository or image). */
export function warningErrors(warnings: readonly GitScanWarning[], file: string): ScanError[] {
  // Binary files are passed over quietly in every source, as a file scan does.
  return warnings.filter((w) => w.kind !== 'binary').map((w) => ({
    file,
    message: `${w.message}${w.examples.length > 0 ? ` (e.g. ${w.examples.join(', ')})` : ''}`,
    level: INCOMPLETE.has(w.kind) ? 'error' : 'warning',
  }));
}
