import type { ConnectivityMatrix } from '../../checks/analysis/netpol/matrix.js';
import type { ReachResult } from '../../checks/analysis/netpol/reach.js';
import type { AnswerFormatter } from '../answer.js';
import { FormatSet } from '../format-set.js';
import { matrixDotFormatter, matrixMermaidFormatter } from './graph.js';
import { matrixJsonFormatter, reachJsonFormatter } from './json.js';
import { matrixLinesFormatter } from './lines.js';
import { matrixTableFormatter, reachTableFormatter } from './table.js';

export { matrixJson, type MatrixJson } from './json.js';

export type MatrixFormat = 'table' | 'json' | 'dot' | 'mermaid' | 'lines';
export type ReachFormat = 'table' | 'json';

export const MATRIX_FORMATTERS = new FormatSet<MatrixFormat, AnswerFormatter<MatrixFormat, ConnectivityMatrix>>('matrix', [
  matrixTableFormatter,
  matrixJsonFormatter,
  matrixDotFormatter,
  matrixMermaidFormatter,
  matrixLinesFormatter,
]);

export const REACH_FORMATTERS = new FormatSet<ReachFormat, AnswerFormatter<ReachFormat, ReachResult>>('reach', [reachTableFormatter, reachJsonFormatter]);

/** The matrix in one format, without the input problems and scan errors a command adds to JSON. */
export function formatMatrix(matrix: ConnectivityMatrix, format: MatrixFormat): string {
  return MATRIX_FORMATTERS.get(format).format(matrix, { problems: [], errors: [] });
}
