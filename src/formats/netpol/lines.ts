import { terminalSafe } from '../../core/terminal.js';
import { formatConnections } from '../../checks/analysis/netpol/connections.js';
import type { ConnectivityMatrix } from '../../checks/analysis/netpol/matrix.js';
import { matrixRows } from '../../checks/analysis/netpol/rows.js';
import type { AnswerFormatter } from '../answer.js';

/** np-guard netpol-analyzer's txt output, line for line, so the two can be diffed. */
export const matrixLinesFormatter: AnswerFormatter<'lines', ConnectivityMatrix> = {
  name: 'lines',
  format: (matrix) => terminalSafe(matrixRows(matrix).map((r) => `${r.src} => ${r.dst} : ${formatConnections(r.connections)}\n`).join('')),
};
