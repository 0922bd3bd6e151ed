import { formatAddressSet } from '../../checks/analysis/netpol/addresses.js';
import { formatConnections, PROTOCOLS, type Connections, type Protocol } from '../../checks/analysis/netpol/connections.js';
import type { ConnectivityMatrix } from '../../checks/analysis/netpol/matrix.js';
import type { ReachEndpoint, ReachResult, SideVerdict } from '../../checks/analysis/netpol/reach.js';
import { compareNames, matrixRows } from '../../checks/analysis/netpol/rows.js';
import { jsonAnswer, type AnswerFormatter } from '../answer.js';

type PortRanges = Partial<Record<Protocol, Array<[number, number]>>>;

/** The JSON contract (documented in docs/network-policy.md); bump `schemaVersion` on breaking changes. */
export interface MatrixJson {
  schemaVersion: '1';
  workloads: Array<{ namespace: string; name: string; kind: string }>;
  external: string[];
  connections: Array<{ src: string; dst: string; connections: string; ports: PortRanges }>;
}

export const matrixJsonFormatter: AnswerFormatter<'json', ConnectivityMatrix> = {
  name: 'json',
  format: (matrix, context) => jsonAnswer(matrixJson(matrix), context),
};

export const reachJsonFormatter: AnswerFormatter<'json', ReachResult> = {
  name: 'json',
  format: (result, context) => jsonAnswer(reachJson(result), context),
};

export function matrixJson(matrix: ConnectivityMatrix): MatrixJson {
  return {
    schemaVersion: '1',
    workloads: matrix.analysis.model.workloads
      .map((w) => ({ namespace: w.namespace, name: w.name, kind: w.kind }))
      .sort((a, b) => compareNames(`${a.namespace}/${a.name}[${a.kind}]`, `${b.namespace}/${b.name}[${b.kind}]`)),
    external: matrix.analysis.blocks.map((addresses) => formatAddressSet(addresses, ',')),
    connections: matrixRows(matrix).map((r) => ({ src: r.src, dst: r.dst, connections: formatConnections(r.connections), ports: portRanges(r.connections) })),
  };
}

function reachJson(result: ReachResult): Record<string, unknown> {
  const endpoint = (e: ReachEndpoint) =>
    e.type === 'workload'
      ? { type: 'workload', namespace: e.workload.namespace, name: e.workload.name, kind: e.workload.kind }
      : { type: 'external', cidr: e.cidr, range: formatAddressSet(e.addresses) };
  const side = (v: SideVerdict | undefined) =>
    v && {
      isolated: v.isolatedBy.length > 0,
      isolatedBy: v.isolatedBy,
      connections: formatConnections(v.connections),
      allowedBy: v.allowedBy.map((m) => ({ ...m, connections: formatConnections(m.connections), ports: portRanges(m.connections) })),
      ...(v.admin ? { admin: v.admin.map((m) => ({ ...m, decided: formatConnections(m.decided), ports: portRanges(m.decided) })) } : {}),
    };
  return {
    schemaVersion: '1',
    from: endpoint(result.from),
    to: endpoint(result.to),
    allowed: result.allowed,
    ...(result.port ? { port: result.port } : {}),
    connections: formatConnections(result.connections),
    ports: portRanges(result.connections),
    sameWorkload: result.sameWorkload,
    ...(result.egress ? { egress: side(result.egress) } : {}),
    ...(result.ingress ? { ingress: side(result.ingress) } : {}),
  };
}

/** `{TCP: [[80, 80], [8000, 8010]]}`: inclusive ranges per protocol, protocols without any left out. */
function portRanges(c: Connections): PortRanges {
  const out: PortRanges = {};
  for (const p of PROTOCOLS) if (c[p].length > 0) out[p] = c[p].map(([s, e]) => [s, e]);
  return out;
}
