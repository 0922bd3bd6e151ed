import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { analyzeDestinationRule, type DestinationRuleAnalysis } from './destination-rules.js';
import { istioInjection, linkerdInjection, type Injection } from './injection.js';
import { collectInventory, namespaceInfo, type MeshInventory } from './inventory.js';
import { parsePeerAuthentication, resolveMtls, type MtlsMode, type PeerAuthentication, type ResolvedMtls } from './peer-authentication.js';
import { bypassedPorts, linkerdInboundPolicy, type BypassedPorts } from './proxy-config.js';
import type { InboundMtls, MeshName, MeshOptions, Workload, WorkloadPosture } from './types.js';

export interface WorkloadAnalysis {
  workload: Workload;
  istio?: Injection;
  linkerd?: Injection;
  /** The mesh whose proxy (or ztunnel) carries the workload's traffic, if any. */
  mesh?: MeshName;
  /** Istio's resolved PeerAuthentication for an Istio workload. */
  mtls?: ResolvedMtls;
  bypass: BypassedPorts[];
  posture: WorkloadPosture;
}

export interface MeshAnalysis {
  inventory: MeshInventory;
  peerAuthentications: PeerAuthentication[];
  destinationRules: Array<DestinationRuleAnalysis & { object: KubernetesObject }>;
  workloads: WorkloadAnalysis[];
}

export function analyzeMesh(objects: readonly KubernetesObject[], options: MeshOptions = {}): MeshAnalysis {
  const inventory = collectInventory(objects, options);
  const peerAuthentications = inventory.peerAuthentications.map((object) => parsePeerAuthentication(object, inventory));
  const workloads = inventory.workloads.map((workload) => analyzeWorkload(workload, inventory, peerAuthentications));
  const destinationRules = inventory.destinationRules.map((object) => ({ object, ...analyzeDestinationRule(object, inventory) }));
  return { inventory, peerAuthentications, destinationRules, workloads };
}

/** Per workload: which mesh carries it, whether it gets a proxy, and how strictly its inbound traffic is mTLS. */
export function meshPosture(objects: readonly KubernetesObject[], options: MeshOptions = {}): WorkloadPosture[] {
  return analyzeMesh(objects, options).workloads.map((w) => w.posture);
}

function analyzeWorkload(workload: Workload, inventory: MeshInventory, policies: readonly PeerAuthentication[]): WorkloadAnalysis {
  const ns = namespaceInfo(inventory, workload.namespace);
  const istio = inventory.istio ? istioInjection(workload, ns) : undefined;
  const linkerd = inventory.linkerd ? linkerdInjection(workload, ns) : undefined;
  const carrier = [istio, linkerd].find((injection) => injection?.injected);
  const base = { namespace: workload.namespace, name: workload.name, kind: workload.kind };
  if (!istio && !linkerd) {
    return { workload, bypass: [], posture: { ...base, mesh: 'none', injected: false, inboundMtls: 'n/a', reasons: ['no service mesh in the input'] } };
  }
  if (!carrier) {
    const reasons = [...(istio?.reasons ?? []), ...(linkerd?.reasons ?? []), 'no mesh proxy: traffic is plaintext'];
    return {
      workload,
      ...(istio ? { istio } : {}),
      ...(linkerd ? { linkerd } : {}),
      bypass: [],
      posture: { ...base, mesh: 'none', injected: false, inboundMtls: 'disabled', reasons },
    };
  }
  const reasons = [...carrier.reasons];
  const bypass = bypassedPorts(workload, ns, carrier);
  const modes: InboundMtls[] = [];
  let mtls: ResolvedMtls | undefined;
  if (carrier.mesh === 'istio') {
    mtls = resolveMtls(workload, policies, carrier.ambient);
    modes.push(fromIstio(mtls.mode));
    reasons.push(mtls.source ? `${mtls.mode} from PeerAuthentication ${mtls.source.namespace}/${mtls.source.name}` : 'PERMISSIVE: no PeerAuthentication applies (Istio default)');
    for (const port of mtls.ports) {
      modes.push(fromIstio(port.mode));
      reasons.push(`port ${port.port}: ${port.mode} from PeerAuthentication ${port.source.namespace}/${port.source.name}`);
    }
  } else {
    const policy = linkerdInboundPolicy(workload, ns);
    modes.push(policy.mode);
    reasons.push(policy.reason);
  }
  for (const entry of bypass.filter((b) => b.direction === 'inbound')) {
    modes.push('disabled');
    reasons.push(`inbound ports ${entry.ports} bypass the proxy (${entry.key})`);
  }
  for (const entry of bypass.filter((b) => b.direction === 'outbound')) reasons.push(`outbound ports ${entry.ports} bypass the proxy (${entry.key})`);
  return {
    workload,
    ...(istio ? { istio } : {}),
    ...(linkerd ? { linkerd } : {}),
    mesh: carrier.mesh,
    ...(mtls ? { mtls } : {}),
    bypass,
    posture: { ...base, mesh: carrier.mesh, injected: true, inboundMtls: weakest(modes), reasons },
  };
}

function fromIstio(mode: MtlsMode): InboundMtls {
  return mode === 'STRICT' ? 'strict' : mode === 'PERMISSIVE' ? 'permissive' : 'disabled';
}

const STRENGTH: readonly InboundMtls[] = ['disabled', 'permissive', 'strict'];

function weakest(modes: readonly InboundMtls[]): InboundMtls {
  return modes.reduce((a, b) => (STRENGTH.indexOf(b) < STRENGTH.indexOf(a) ? b : a), 'strict');
}
