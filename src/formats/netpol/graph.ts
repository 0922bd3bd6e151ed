import { formatConnections } from '../../checks/analysis/netpol/connections.js';
import type { ConnectivityMatrix } from '../../checks/analysis/netpol/matrix.js';
import { compareNames, INGRESS_CONTROLLER, matrixRows, type MatrixRow } from '../../checks/analysis/netpol/rows.js';
import type { AnswerFormatter } from '../answer.js';

/** Graphviz: workloads as plain nodes, outside address ranges as dashed boxes, one labelled edge per connection. */
export const matrixDotFormatter: AnswerFormatter<'dot', ConnectivityMatrix> = {
  name: 'dot',
  format: (matrix) => dot(matrixRows(matrix)),
};

export const matrixMermaidFormatter: AnswerFormatter<'mermaid', ConnectivityMatrix> = {
  name: 'mermaid',
  format: (matrix) => mermaid(matrixRows(matrix)),
};

function nodeIds(rows: MatrixRow[]): Map<string, string> {
  const names = [...new Set(rows.flatMap((r) => [r.src, r.dst]))].sort(compareNames);
  return new Map(names.map((n, i) => [n, `n${i}`]));
}

function dot(rows: MatrixRow[]): string {
  const ids = nodeIds(rows);
  const quote = (s: string) => JSON.stringify(s);
  const lines = ['digraph netpol {', '  rankdir=LR;'];
  for (const [name, id] of ids) lines.push(`  ${id} [label=${quote(name)}${name.includes('[') || name === INGRESS_CONTROLLER ? '' : ', shape=box, style=dashed'}];`);
  for (const r of rows) lines.push(`  ${ids.get(r.src)} -> ${ids.get(r.dst)} [label=${quote(formatConnections(r.connections))}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function mermaid(rows: MatrixRow[]): string {
  const ids = nodeIds(rows);
  const label = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart LR'];
  for (const [name, id] of ids) lines.push(`  ${id}[${label(name)}]`);
  for (const r of rows) lines.push(`  ${ids.get(r.src)} -->|${label(formatConnections(r.connections))}| ${ids.get(r.dst)}`);
  return `${lines.join('\n')}\n`;
}
