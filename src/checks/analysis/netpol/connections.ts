import { intersect, subtract, union, type RangeSet } from './intervals.js';

export const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export const MIN_PORT = 1;
export const MAX_PORT = 65535;
const ALL_PORTS: RangeSet<number> = [[MIN_PORT, MAX_PORT]];

/** Allowed traffic between two endpoints: a port interval set per protocol. */
export type Connections = Readonly<Record<Protocol, RangeSet<number>>>;

export const NO_CONNECTIONS: Connections = { TCP: [], UDP: [], SCTP: [] };
export const ALL_CONNECTIONS: Connections = { TCP: ALL_PORTS, UDP: ALL_PORTS, SCTP: ALL_PORTS };

export function isProtocol(value: unknown): value is Protocol {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value);
}

export function connectionsOf(protocol: Protocol, ranges: RangeSet<number>): Connections {
  return { ...NO_CONNECTIONS, [protocol]: ranges };
}

export function unionConnections(a: Connections, b: Connections): Connections {
  return { TCP: union(a.TCP, b.TCP), UDP: union(a.UDP, b.UDP), SCTP: union(a.SCTP, b.SCTP) };
}

export function intersectConnections(a: Connections, b: Connections): Connections {
  return { TCP: intersect(a.TCP, b.TCP), UDP: intersect(a.UDP, b.UDP), SCTP: intersect(a.SCTP, b.SCTP) };
}

export function subtractConnections(a: Connections, b: Connections): Connections {
  return { TCP: subtract(a.TCP, b.TCP), UDP: subtract(a.UDP, b.UDP), SCTP: subtract(a.SCTP, b.SCTP) };
}

export function isEmptyConnections(c: Connections): boolean {
  return c.TCP.length === 0 && c.UDP.length === 0 && c.SCTP.length === 0;
}

export function isAllConnections(c: Connections): boolean {
  return PROTOCOLS.every((p) => c[p].length === 1 && c[p][0]![0] === MIN_PORT && c[p][0]![1] === MAX_PORT);
}

export function allowsPort(c: Connections, protocol: Protocol, port: number): boolean {
  return c[protocol].some(([s, e]) => port >= s && port <= e);
}

/**
 * The notation of np-guard's netpol-analyzer: `All Connections` when every port of TCP, UDP and
 * SCTP is allowed, otherwise `PROTO ranges` per protocol, sorted, comma-joined (`TCP 80,443,UDP 53`).
 */
export function formatConnections(c: Connections): string {
  if (isAllConnections(c)) return 'All Connections';
  if (isEmptyConnections(c)) return 'No Connections';
  return PROTOCOLS.filter((p) => c[p].length > 0)
    .map((p) => `${p} ${c[p].map(([s, e]) => (s === e ? String(s) : `${s}-${e}`)).join(',')}`)
    .sort()
    .join(',');
}

export function connectionsKey(c: Connections): string {
  return formatConnections(c);
}

/**
 * What a rule's `ports` allow before the destination is known: numbered ports, plus named ports
 * (`TCP/http`) that only mean something once resolved against a destination pod's containers.
 * AdminNetworkPolicy named ports carry no protocol (`ANY/http`): the container port's decides.
 */
export interface PortSpec {
  numbered: Connections;
  named: readonly string[];
}

export const ALL_PORTS_SPEC: PortSpec = { numbered: ALL_CONNECTIONS, named: [] };
export const NO_PORTS_SPEC: PortSpec = { numbered: NO_CONNECTIONS, named: [] };

export function unionPortSpecs(a: PortSpec, b: PortSpec): PortSpec {
  const named = a.named.length === 0 ? b.named : b.named.length === 0 ? a.named : [...new Set([...a.named, ...b.named])].sort();
  return { numbered: unionConnections(a.numbered, b.numbered), named };
}

export function portSpecKey(spec: PortSpec): string {
  return `${connectionsKey(spec.numbered)}|${spec.named.join(',')}`;
}

/** Named ports resolve per destination pod: a container port with that name and protocol. */
export function resolvePortSpec(spec: PortSpec, namedPorts: ReadonlyMap<string, number> | undefined): Connections {
  if (spec.named.length === 0 || !namedPorts) return spec.numbered;
  let result = spec.numbered;
  for (const name of spec.named) {
    const [protocol, portName] = name.split('/') as [Protocol | 'ANY', string];
    for (const candidate of protocol === 'ANY' ? PROTOCOLS : [protocol]) {
      const port = namedPorts.get(`${candidate}/${portName}`);
      if (port !== undefined) result = unionConnections(result, connectionsOf(candidate, [[port, port]]));
    }
  }
  return result;
}
