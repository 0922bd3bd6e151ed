import type { JsonPath } from '../../../../core/fix.js';
import type { RuleReferences } from '../../../../core/rule.js';
import { analyse, buildModel, isEmptySelector, namesEveryPod, type NetpolAnalysis, type Policy, type PolicyRule, type Workload } from '../../../analysis/netpol/index.js';
import { IPV4_ALL } from '../../../analysis/netpol/addresses.js';
import { contains, normalize } from '../../../analysis/netpol/intervals.js';
import type { KubernetesObject } from '../../../../parsers/kubernetes/objects.js';
import { getPath } from '../../../../parsers/kubernetes/values.js';
import { podTemplateOf } from '../../../../parsers/kubernetes/workloads.js';
import { readsKinds, type SetRuleContext } from '../rule.js';

export const NETPOL_DOCS = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';

export const NETPOL_REFERENCES: RuleReferences = {
  cis: ['CIS Kubernetes 5.3.2'],
  nsa: 'Network separation and hardening: network policies',
  urls: [NETPOL_DOCS],
};

/** What the NetworkPolicy model reads: policies, workloads (anything with a pod template) and what routes to them. */
export const NETPOL_READS = readsKinds(
  ['Namespace', 'Node', 'NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'Service', 'Ingress', 'Route'],
  (object) => podTemplateOf(object) !== undefined,
);

const cache = new WeakMap<readonly KubernetesObject[], Map<string, NetpolAnalysis>>();

/** One analysis per scan, shared by every NetworkPolicy rule. */
export function netpolAnalysis(context: SetRuleContext): NetpolAnalysis {
  const defaultNamespace = context.settings.assumedNamespace ?? 'default';
  let byNamespace = cache.get(context.objects);
  if (!byNamespace) cache.set(context.objects, (byNamespace = new Map()));
  let analysis = byNamespace.get(defaultNamespace);
  if (!analysis) byNamespace.set(defaultNamespace, (analysis = analyse(buildModel(context.objects, { defaultNamespace }))));
  return analysis;
}

export function describeWorkload(workload: Workload): string {
  return `${workload.kind} "${workload.name}" (namespace "${workload.namespace}")`;
}

export function describePolicy(policy: Policy): string {
  return `NetworkPolicy "${policy.name}" (namespace "${policy.namespace}")`;
}

/** Where a namespace-level finding goes: its Namespace object, else its first workload's namespace field. */
export function namespaceAnchor(analysis: NetpolAnalysis, namespace: string): { object: KubernetesObject; path: JsonPath } | undefined {
  const info = analysis.model.namespaces.get(namespace);
  if (info?.object) return { object: info.object, path: ['metadata', 'name'] };
  const workload = analysis.model.workloads.find((w) => w.namespace === namespace);
  if (!workload) return undefined;
  const path: JsonPath = getPath(workload.object.raw, ['metadata', 'namespace']) === undefined ? ['metadata'] : ['metadata', 'namespace'];
  return { object: workload.object, path };
}

/** Namespaces that hold at least one workload of the input, in first-seen order. */
export function namespacesWithWorkloads(analysis: NetpolAnalysis): string[] {
  return [...new Set(analysis.model.workloads.map((w) => w.namespace))];
}

/**
 * A namespace-wide default deny for one direction: a policy selecting every pod (`podSelector: {}`)
 * isolates that direction, and no such policy allows every peer on every port in it. Policies add
 * up, so one allow-everything policy over every pod undoes the deny for all of them.
 */
export function hasDefaultDeny(analysis: NetpolAnalysis, namespace: string, direction: 'ingress' | 'egress'): boolean {
  const everyPod = analysis.model.enforced.filter(
    (p) => p.namespace === namespace && isEmptySelector(p.podSelector) && (direction === 'ingress' ? p.affectsIngress : p.affectsEgress),
  );
  return everyPod.length > 0 && !everyPod.some((p) => p[direction].some(allowsEveryPeer));
}

/** A rule allowing every port from (or to) every pod of every namespace and every IPv4 address, however it is spelled. */
function allowsEveryPeer(rule: PolicyRule): boolean {
  if (!rule.allPorts) return false;
  if (!rule.peers) return true;
  const addresses = rule.peers.flatMap((peer) => (peer.type === 'ipBlock' ? peer.addresses : []));
  return rule.peers.some(namesEveryPod) && contains(normalize(addresses), [IPV4_ALL]);
}

/** Workloads of a namespace that nothing isolates in one direction: no NetworkPolicy, and no admin tier rule, applies to them. */
export function unisolatedWorkloads(analysis: NetpolAnalysis, namespace: string, direction: 'ingress' | 'egress'): Workload[] {
  const policies = direction === 'ingress' ? analysis.ingressPolicies : analysis.egressPolicies;
  return analysis.model.workloads.filter((w) => {
    if (w.namespace !== namespace) return false;
    const cls = analysis.classOf.get(w)!;
    return policies[cls.id]!.length === 0 && !analysis.hasAdmin(cls, direction, false);
  });
}
