import { formatAddressSet } from './addresses.js';
import { formatConnections, PROTOCOLS, type Connections, type Protocol } from './connections.js';
import type { ConnectivityMatrix, Endpoint } from './matrix.js';
import type { Workload } from './model.js';

export const MATRIX_FORMATS = ['table', 'json', 'dot', 'mermaid', 'lines'] as const;
export type MatrixFormat = (typeof MATRIX_FORMATS)[number];

/** `ns/name[Kind]`, as np-guard's analyzer names workloads. */
export function workloadName(workload: Workload): string {
  return `${workload.namespace}/${workload.name}[${workload.kind}]`;
}

/** The analyzer's names: `ns/name[Kind]`, `first-last[,first-last...]` for outside ranges, `{ingress-controller}`. */
export function endpointName(endpoint: Endpoint): string {
  if (endpoint.type === 'workload') return workloadName(endpoint.workload);
  return endpoint.type === 'external' ? formatAddressSet(endpoint.addresses, ',') : INGRESS_CONTROLLER;
}

export const INGRESS_CONTROLLER = '{ingress-controller}';

export interface MatrixRow {
  src: string;
  dst: string;
  connections: Connections;
}

/** Sorted by source then destination, byte-wise, like the analyzer's txt output. */
export function matrixRows(matrix: ConnectivityMatrix): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const c of matrix.connections()) rows.push({ src: endpointName(c.src), dst: endpointName(c.dst), connections: c.connections });
  return rows.sort((a, b) => compare(a.src, b.src) || compare(a.dst, b.dst));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The JSON contract (documented in docs/network-policy.md); bump `schemaVersion` on breaking changes. */
export interface MatrixJson {
  schemaVersion: '1';
  workloads: Array<{ namespace: string; name: string; kind: string }>;
  external: string[];
  connections: Array<{ src: string; dst: string; connections: string; ports: Partial<Record<Protocol, Array<[number, number]>>> }>;
}

export function matrixJson(matrix: ConnectivityMatrix, rows: MatrixRow[] = matrixRows(matrix)): MatrixJson {
  return {
    schemaVersion: '1',
    workloads: matrix.analysis.model.workloads
      .map((w) => ({ namespace: w.namespace, name: w.name, kind: w.kind }))
      .sort((a, b) => compare(`${a.namespace}/${a.name}[${a.kind}]`, `${b.namespace}/${b.name}[${b.kind}]`)),
    external: matrix.analysis.blocks.map((addresses) => formatAddressSet(addresses, ',')),
    connections: rows.map((r) => ({ src: r.src, dst: r.dst, connections: formatConnections(r.connections), ports: portsJson(r.connections) })),
  };
}

export function portsJson(c: Connections): Partial<Record<Protocol, Array<[number, number]>>> {
  const out: Partial<Record<Protocol, Array<[number, number]>>> = {};
  for (const p of PROTOCOLS) if (c[p].length > 0) out[p] = c[p].map(([s, e]) => [s, e]);
  return out;
}

export function renderMatrix(matrix: ConnectivityMatrix, format: MatrixFormat): string {
  const rows = matrixRows(matrix);
  switch (format) {
    case 'lines':
      return rows.map((r) => `${r.src} => ${r.dst} : ${formatConnections(r.connections)}\n`).join('');
    case 'json':
      return `${JSON.stringify(matrixJson(matrix, rows), null, 2)}\n`;
    case 'table':
      return table(['SOURCE', 'DESTINATION', 'CONNECTIONS'], rows.map((r) => [r.src, r.dst, formatConnections(r.connections)]));
    case 'dot':
      return dot(rows);
    case 'mermaid':
      return mermaid(rows);
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ') + '\n';
  return line(header) + rows.map(line).join('');
}

function nodeIds(rows: MatrixRow[]): Map<string, string> {
  const names = [...new Set(rows.flatMap((r) => [r.src, r.dst]))].sort(compare);
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
