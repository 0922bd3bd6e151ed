import type { RuleMeta } from '../../../../core/rule.js';
import { defineSetRule, type KubernetesSetRule } from '../rule.js';
import type { Workload } from '../../../analysis/netpol/index.js';
import { hasDefaultDeny, namespaceAnchor, namespacesWithWorkloads, NETPOL_READS, NETPOL_REFERENCES, netpolAnalysis, unisolatedWorkloads } from './shared.js';

/** The first few workloads by kind and name; a namespace may hold hundreds. */
function names(workloads: readonly Workload[]): string {
  const shown = workloads.slice(0, 3).map((w) => `${w.kind}/${w.name}`);
  return workloads.length > shown.length ? `${shown.join(', ')} and ${workloads.length - shown.length} more` : shown.join(', ');
}

function defaultDenyRule(direction: 'ingress' | 'egress', meta: Omit<RuleMeta, 'target' | 'references' | 'aliases'>): KubernetesSetRule {
  return defineSetRule({
    meta: { ...meta, target: 'kubernetes', references: NETPOL_REFERENCES, aliases: {} },
    reads: NETPOL_READS,
    checkAll(context) {
      const analysis = netpolAnalysis(context);
      for (const namespace of namespacesWithWorkloads(analysis)) {
        if (hasDefaultDeny(analysis, namespace, direction)) continue;
        const anchor = namespaceAnchor(analysis, namespace);
        if (!anchor) continue;
        const total = analysis.model.workloads.filter((w) => w.namespace === namespace).length;
        const open = unisolatedWorkloads(analysis, namespace, direction);
        const type = direction === 'ingress' ? 'Ingress' : 'Egress';
        const exposure = direction === 'egress' ? 'may connect anywhere' : open.length === 1 ? 'accepts connections from anywhere' : 'accept connections from anywhere';
        // Say only what the analysis shows: which workloads are open now, or that only a new one would be.
        const consequence = open.length > 0
          ? `${open.length} of its ${total} workload(s) (${names(open)}) ${open.length === 1 ? 'is' : 'are'} selected by no NetworkPolicy or admin network policy for ${direction} and ${exposure}`
          : `each of its ${total} workload(s) is selected by a NetworkPolicy or admin network policy for ${direction}, but a workload added without one would ${direction === 'ingress' ? 'accept connections from anywhere' : 'be able to connect anywhere'}`;
        context.report({
          ...anchor,
          message: `namespace "${namespace}" has no default-deny ${direction} NetworkPolicy (podSelector: {}, policyTypes: [${type}]); ${consequence}`,
        });
      }
    },
  });
}

export const namespaceNoDefaultDenyIngress = defaultDenyRule('ingress', {
  id: 'k8s/netpol-namespace-no-default-deny-ingress',
  title: 'Namespace without a default-deny ingress NetworkPolicy',
  severity: 'medium',
  rationale:
    'Pods no NetworkPolicy selects accept connections from every pod in the cluster and from outside it. A default-deny ' +
    'ingress policy per namespace makes allowed traffic explicit, so a new workload or a forgotten policy does not silently ' +
    'open it up, and limits lateral movement after a compromise. Reported once per namespace that holds workloads in the ' +
    'input; a policy with `podSelector: {}` that isolates ingress counts, unless some `podSelector: {}` policy has a rule ' +
    'allowing every source on every port (no `from`, or every pod of every namespace plus all of 0.0.0.0/0). The message ' +
    'names the workloads no policy isolates yet, or says that each has its own policy and only new ones would be open.',
  remediation:
    'Add a default-deny ingress policy to the namespace, then allow the traffic each workload needs with narrower policies:\n\n' +
    '```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n```',
});

export const namespaceNoDefaultDenyEgress = defaultDenyRule('egress', {
  id: 'k8s/netpol-namespace-no-default-deny-egress',
  title: 'Namespace without a default-deny egress NetworkPolicy',
  severity: 'low',
  rationale:
    'Without egress isolation a compromised pod can reach every service in the cluster, the cloud metadata endpoint and the ' +
    'internet, to move laterally or exfiltrate data. Egress default deny takes more upkeep (DNS must be allowed explicitly), ' +
    'so this is low severity.',
  remediation:
    'Deny egress by default and allow DNS, then add the destinations each workload needs:\n\n' +
    '```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-egress\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: kube-system}\n          podSelector:\n            matchLabels: {k8s-app: kube-dns}\n      ports:\n        - {port: 53, protocol: UDP}\n        - {port: 53, protocol: TCP}\n```',
});
