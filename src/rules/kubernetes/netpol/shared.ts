import type { JsonPath } from '../../../core/fix.js';
import type { RuleReferences } from '../../../core/rule.js';
import { analyse, buildModel, isEmptySelector, type NetpolAnalysis, type Policy, type PolicyPeer, type Workload } from '../../../analysis/netpol/index.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { getPath } from '../../../parsers/kubernetes/values.js';
import type { SetRuleContext } from '../rule.js';

export const NETPOL_DOCS = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';

export const NETPOL_REFERENCES: RuleReferences = {
  cis: ['CIS Kubernetes 5.3.2'],
  nsa: 'Network separation and hardening: network policies',
  urls: [NETPOL_DOCS],
};

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

/** `namespaceSelector: {}` with no or an empty podSelector: every pod of every namespace. */
export function isEveryPod(peer: PolicyPeer): boolean {
  return peer.type === 'pods' && !!peer.namespaceSelector && isEmptySelector(peer.namespaceSelector) && (!peer.podSelector || isEmptySelector(peer.podSelector));
}

/**
 * A namespace-wide default deny for one direction: a policy selecting every pod (`podSelector: {}`)
 * for that direction, with no rule that allows every peer on every port.
 */
export function hasDefaultDeny(analysis: NetpolAnalysis, namespace: string, direction: 'ingress' | 'egress'): boolean {
  return analysis.model.enforced.some(
    (p) =>
      p.namespace === namespace &&
      isEmptySelector(p.podSelector) &&
      (direction === 'ingress' ? p.affectsIngress : p.affectsEgress) &&
      !p[direction].some((rule) => !rule.peers && rule.allPorts),
  );
}
