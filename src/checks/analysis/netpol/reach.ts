import { formatPath } from '../../../parsers/kubernetes/values.js';
import { parseAddressOrCidr, type AddressSet } from './addresses.js';
import {
  ALL_CONNECTIONS,
  allowsPort,
  intersectConnections,
  isEmptyConnections,
  NO_CONNECTIONS,
  resolvePortSpec,
  unionConnections,
  type Connections,
  type Protocol,
} from './connections.js';
import type { NetpolAnalysis, WorkloadClass } from './analysis.js';
import { adminRuleMatches, decide, type AdminStep } from './admin.js';
import type { AdminAction } from './admin-model.js';
import { contains, overlaps } from './intervals.js';
import type { Policy, PolicyRule, Workload } from './model.js';

export type ReachEndpoint = { type: 'workload'; workload: Workload } | { type: 'external'; cidr: string; addresses: AddressSet };

export interface PolicyRef {
  namespace: string;
  name: string;
}

export interface RuleMatch {
  policy: PolicyRef;
  /** `spec.egress[0]`: the rule that allows the traffic. */
  rule: string;
  connections: Connections;
  /** True when the rule's ipBlock covers only part of the queried range (not counted as allowing it). */
  partial?: boolean;
}

/** An AdminNetworkPolicy or baseline rule that matched the peer, and the connections it decided. */
export interface AdminMatch {
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  name: string;
  priority?: number;
  rule: string;
  ruleName: string;
  action: AdminAction;
  decided: Connections;
}

/** One side of a connection: the source's egress or the destination's ingress. */
export interface SideVerdict {
  /** NetworkPolicies that select the endpoint for this direction; none means they allow everything. */
  isolatedBy: PolicyRef[];
  allowedBy: RuleMatch[];
  /** Admin tier rules that matched, in evaluation order (present only when the admin tiers apply). */
  admin?: AdminMatch[];
  connections: Connections;
}

export interface ReachResult {
  from: ReachEndpoint;
  to: ReachEndpoint;
  /** Absent when the source is external: policies do not govern the outside's egress. */
  egress?: SideVerdict;
  /** Absent when the destination is external. */
  ingress?: SideVerdict;
  connections: Connections;
  port?: { port: number; protocol: Protocol };
  allowed: boolean;
  /** Same workload on both sides: a pod always reaches itself; the verdict is for traffic between its replicas. */
  sameWorkload: boolean;
}

const ref = (policy: Policy): PolicyRef => ({ namespace: policy.namespace, name: policy.name });

export function reach(analysis: NetpolAnalysis, from: ReachEndpoint, to: ReachEndpoint, port?: { port: number; protocol: Protocol }): ReachResult {
  const srcClass = from.type === 'workload' ? analysis.classOf.get(from.workload) : undefined;
  const dstClass = to.type === 'workload' ? analysis.classOf.get(to.workload) : undefined;
  const egress = srcClass ? side(analysis, srcClass, 'egress', to, dstClass) : undefined;
  const ingress = dstClass ? side(analysis, dstClass, 'ingress', from, dstClass) : undefined;
  let connections = ALL_CONNECTIONS;
  for (const verdict of [egress, ingress]) if (verdict) connections = intersectConnections(connections, verdict.connections);
  if (from.type === 'external' && to.type === 'external') connections = NO_CONNECTIONS;
  const allowed = port ? allowsPort(connections, port.protocol, port.port) : !isEmptyConnections(connections);
  return {
    from,
    to,
    ...(egress ? { egress } : {}),
    ...(ingress ? { ingress } : {}),
    connections,
    ...(port ? { port } : {}),
    allowed,
    sameWorkload: from.type === 'workload' && to.type === 'workload' && from.workload === to.workload,
  };
}

/**
 * Which of the selecting policies' rules name the peer. `destination` resolves named ports: the
 * peer itself on egress, the selected workload on ingress.
 */
function side(
  analysis: NetpolAnalysis,
  subject: WorkloadClass,
  direction: 'ingress' | 'egress',
  peer: ReachEndpoint,
  destination: WorkloadClass | undefined,
): SideVerdict {
  const policies = (direction === 'ingress' ? analysis.ingressPolicies : analysis.egressPolicies)[subject.id]!.map((i) => analysis.model.enforced[i]!);
  const allowedBy: RuleMatch[] = [];
  const peerClass = peer.type === 'workload' ? analysis.classOf.get(peer.workload) : undefined;
  const named = direction === 'egress' ? (peerClass?.namedPorts) : destination?.namedPorts;
  for (const policy of policies) {
    for (const rule of policy[direction]) {
      const match = ruleMatches(analysis, policy, rule, peer, peerClass);
      if (match === 'no') continue;
      allowedBy.push({
        policy: ref(policy),
        rule: formatPath(rule.path),
        connections: resolvePortSpec(rule.ports, named),
        ...(match === 'partial' ? { partial: true } : {}),
      });
    }
  }
  const connections = policies.length === 0
    ? ALL_CONNECTIONS
    : allowedBy.filter((m) => !m.partial).reduce((acc, m) => unionConnections(acc, m.connections), NO_CONNECTIONS);
  const verdict = { isolatedBy: policies.map(ref), allowedBy, connections };
  return analysis.hasAdmin(subject, direction, policies.length > 0) ? withAdmin(analysis, subject, direction, peer, peerClass, destination, verdict) : verdict;
}

/** Runs the admin tiers around the NetworkPolicy verdict, keeping which rule decided what. */
function withAdmin(
  analysis: NetpolAnalysis,
  subject: WorkloadClass,
  direction: 'ingress' | 'egress',
  peer: ReachEndpoint,
  peerClass: WorkloadClass | undefined,
  destination: WorkloadClass | undefined,
  verdict: SideVerdict,
): SideVerdict {
  const isolated = verdict.isolatedBy.length > 0;
  const baseline = analysis.model.baseline;
  const target = peerClass ? { namespaceLabels: analysis.namespaceLabels(peerClass), podLabels: peerClass.labels } : { addresses: peer.type === 'external' ? peer.addresses : [] };
  const step = (ref: Omit<AdminStep, 'ports'>): AdminStep[] =>
    adminRuleMatches(ref.rule, target) ? [{ ...ref, ports: resolvePortSpec(ref.rule.ports, destination?.namedPorts) }] : [];
  const anp = analysis.adminRules[direction][subject.id]!.flatMap(step);
  const base = baseline && analysis.baselineSelects[subject.id] && !isolated ? baseline[direction].flatMap((rule) => step({ policy: baseline, rule })) : [];
  const decision = decide(anp, isolated ? verdict.connections : undefined, base);
  const admin = [...anp, ...base].map((s, i): AdminMatch => ({
    kind: s.policy.baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
    name: s.policy.name,
    ...(s.policy.baseline ? {} : { priority: s.policy.priority }),
    rule: formatPath(s.rule.path),
    ruleName: s.rule.name,
    action: s.rule.action,
    decided: decision.taken[i] ?? NO_CONNECTIONS,
  }));
  return { ...verdict, admin, connections: decision.allowed };
}

function ruleMatches(analysis: NetpolAnalysis, policy: Policy, rule: PolicyRule, peer: ReachEndpoint, peerClass: WorkloadClass | undefined): 'yes' | 'partial' | 'no' {
  if (!rule.peers) return 'yes';
  let partial = false;
  for (const candidate of rule.peers) {
    if (candidate.type === 'pods') {
      if (peerClass && analysis.peerClasses(policy, candidate).includes(peerClass.id)) return 'yes';
    } else if (peer.type === 'external') {
      if (contains(candidate.addresses, peer.addresses)) return 'yes';
      if (overlaps(candidate.addresses, peer.addresses)) partial = true;
    }
  }
  return partial ? 'partial' : 'no';
}

/** `10.0.0.0/8`, or a bare address as a /32 or /128. */
export function parseAddressQuery(text: string): AddressSet | undefined {
  const cidr = parseAddressOrCidr(text);
  return cidr ? [cidr] : undefined;
}
