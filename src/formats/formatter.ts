import type { Report } from '../core/report.js';

export type ReportFormat = 'table' | 'json' | 'sarif' | 'junit' | 'markdown' | 'gitlab-sast';

export interface FormatOptions {
  /** Table and JUnit only: JSON and SARIF always carry suppressed findings, marked, for auditing. */
  showSuppressed: boolean;
  /** Table only: ANSI colors; without them the output is plain ASCII decoration. */
  color: boolean;
  /** Absolute file paths inside this directory are printed relative to it. */
  cwd?: string;
  /** Table only: the terminal's width, which long vulnerability lines are cut to; absent, every line is whole. */
  width?: number;
  /** Table only: the text of a scanned file, to quote the offending line. */
  readSource?(file: string): string | undefined;
}

/** Formatters only format: filtering and severity gates happen before, in the pipeline. */
export interface Formatter {
  name: ReportFormat;
  format(report: Report, options: FormatOptions): string;
  /** The same text as `format`, in pieces, for formats whose output grows with the findings (JSON, SARIF). */
  formatChunks?(report: Report, options: FormatOptions): Iterable<string>;
}

/** The output of any formatter in pieces: a formatter without `formatChunks` gives one piece. */
export function formatChunks(formatter: Formatter, report: Report, options: FormatOptions): Iterable<string> {
  return formatter.formatChunks ? formatter.formatChunks(report, options) : [formatter.format(report, options)];
}
