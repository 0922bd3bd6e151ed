import type { Formatter, ReportFormat } from './formatter.js';
import { jsonFormatter } from './json.js';
import { junitFormatter } from './junit.js';
import { FormatSet } from './format-set.js';
import { sarifFormatter } from './sarif.js';
import { tableFormatter } from './table.js';
import { markdownFormatter } from './markdown.js';
import { gitlabSastFormatter } from './gitlab-sast.js';

export type { FormatOptions, Formatter, ReportFormat } from './formatter.js';

const REPORT_FORMATTERS = new FormatSet<ReportFormat, Formatter>('report', [tableFormatter, jsonFormatter, sarifFormatter, junitFormatter, markdownFormatter, gitlabSastFormatter]);

export const REPORT_FORMATS: readonly ReportFormat[] = REPORT_FORMATTERS.names;

export function isReportFormat(value: string): value is ReportFormat {
  return REPORT_FORMATTERS.has(value);
}

export function getFormatter(format: string): Formatter {
  return REPORT_FORMATTERS.get(format);
}
