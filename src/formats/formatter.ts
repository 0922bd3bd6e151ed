import type { Report } from '../core/report.js';

export type ReportFormat = 'table' | 'json' | 'sarif' | 'junit';

export interface FormatOptions {
  /** Table and JUnit only: JSON and SARIF always carry suppressed findings, marked, for auditing. */
  showSuppressed: boolean;
  /** Table only: ANSI colors; without them the output is plain ASCII decoration. */
  color: boolean;
  /** Absolute file paths inside this directory are printed relative to it. */
  cwd?: string;
  /** Table only: the text of a scanned file, to quote the offending line. */
  readSource?(file: string): string | undefined;
}

/** Formatters only format: filtering and severity gates happen before, in the pipeline. */
export interface Formatter {
  name: ReportFormat;
  format(report: Report, options: FormatOptions): string;
}
