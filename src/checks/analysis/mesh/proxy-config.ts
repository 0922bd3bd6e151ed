import type { JsonPath } from '../../../core/fix.js';
import type { Injection } from './injection.js';
import type { FieldRef, InboundMtls, NamespaceInfo, Workload } from './types.js';

export interface BypassedPorts extends FieldRef {
  direction: 'inbound' | 'outbound';
  key: string;
  ports: string;
}

const ISTIO_BYPASS = [
  { key: 'traffic.sidecar.istio.io/excludeInboundPorts', direction: 'inbound' },
  { key: 'traffic.sidecar.istio.io/excludeOutboundPorts', direction: 'outbound' },
] as const;

const LINKERD_BYPASS = [
  { key: 'config.linkerd.io/skip-inbound-ports', direction: 'inbound' },
  { key: 'config.linkerd.io/skip-outbound-ports', direction: 'outbound' },
] as const;

const LINKERD_INBOUND_POLICY = 'config.linkerd.io/default-inbound-policy';

/**
 * Ports whose traffic skips the proxy's iptables redirect, so it is neither encrypted nor
 * authenticated. Istio reads these annotations from the pod only; Linkerd also inherits them from
 * the namespace (the pod's own value wins). Ambient workloads have no sidecar to bypass.
 */
export function bypassedPorts(workload: Workload, ns: NamespaceInfo, carrier: Injection): BypassedPorts[] {
  if (carrier.ambient) return [];
  const out: BypassedPorts[] = [];
  const keys = carrier.mesh === 'istio' ? ISTIO_BYPASS : LINKERD_BYPASS;
  for (const { key, direction } of keys) {
    const own = workload.annotations[key];
    const inherited = carrier.mesh === 'linkerd' ? ns.annotations[key] : undefined;
    const ports = (own ?? inherited)?.trim();
    if (!ports) continue;
    const ref: FieldRef =
      own !== undefined || !ns.object
        ? { object: workload.object, path: [...workload.pod.metadataPath, 'annotations', key] }
        : { object: ns.object, path: ['metadata', 'annotations', key] satisfies JsonPath };
    out.push({ ...ref, direction, key, ports });
  }
  return out;
}

const AUTHENTICATED = new Set(['all-authenticated', 'cluster-authenticated', 'deny']);

/**
 * Linkerd encrypts meshed-to-meshed traffic, but its default inbound policy (`all-unauthenticated`)
 * also accepts plaintext from unmeshed clients: that is permissive. Policies that require an
 * authenticated client make it strict; Server/AuthorizationPolicy resources may still open ports.
 */
export function linkerdInboundPolicy(workload: Workload, ns: NamespaceInfo): { mode: InboundMtls; reason: string } {
  const own = workload.annotations[LINKERD_INBOUND_POLICY];
  const value = own ?? ns.annotations[LINKERD_INBOUND_POLICY];
  if (value === undefined) {
    return { mode: 'permissive', reason: 'Linkerd default inbound policy (all-unauthenticated unless changed at install) accepts plaintext from unmeshed clients' };
  }
  const where = own !== undefined ? 'pod' : `namespace ${ns.name}`;
  return AUTHENTICATED.has(value)
    ? { mode: 'strict', reason: `${where} ${LINKERD_INBOUND_POLICY}=${value} requires authenticated (mTLS) clients` }
    : { mode: 'permissive', reason: `${where} ${LINKERD_INBOUND_POLICY}=${value} accepts plaintext from unmeshed clients` };
}
