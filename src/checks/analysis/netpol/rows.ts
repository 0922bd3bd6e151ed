import { formatAddressSet } from './addresses.js';
import type { Connections } from './connections.js';
import type { ConnectivityMatrix, Endpoint } from './matrix.js';
import type { Workload } from './model.js';

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

/** One allowed connection between two named endpoints: the matrix as plain data, for the output formats. */
export interface MatrixRow {
  src: string;
  dst: string;
  connections: Connections;
}

/** Sorted by source then destination, byte-wise, like the analyzer's txt output. */
export function matrixRows(matrix: ConnectivityMatrix): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const c of matrix.connections()) rows.push({ src: endpointName(c.src), dst: endpointName(c.dst), connections: c.connections });
  return rows.sort((a, b) => compareNames(a.src, b.src) || compareNames(a.dst, b.dst));
}

/** Byte-wise, as the analyzer orders names (not locale-aware). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
