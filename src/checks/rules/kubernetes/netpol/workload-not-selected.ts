import { defineSetRule } from '../rule.js';
import { describeWorkload, NETPOL_READS, NETPOL_REFERENCES, netpolAnalysis } from './shared.js';

export const workloadNotSelected = defineSetRule({
  meta: {
    id: 'k8s/netpol-workload-not-selected',
    title: 'Workload selected by no NetworkPolicy',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'A pod no NetworkPolicy selects is isolated in neither direction: every pod in the cluster and every outside address ' +
      'can connect to it, and it can connect anywhere. Reported in namespaces that do have policies, where a workload left ' +
      'out is easy to miss; a namespace with none at all gets one k8s/netpol-namespace-no-default-deny-ingress finding ' +
      'instead of one per workload. Only policies of the input count (an AdminNetworkPolicy or ' +
      'BaselineAdminNetworkPolicy whose subject selects the pod counts too); a policy that the API server would reject ' +
      '(see k8s/netpol-invalid-policy) does not.',
    remediation:
      'Select the workload with a policy that allows only the traffic it needs, or add a default-deny policy to its namespace:\n\n' +
      '```yaml\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels: {app: frontend}\n      ports:\n        - port: 8080\n```',
    references: NETPOL_REFERENCES,
    aliases: { kubeScore: ['pod-networkpolicy'], kubeLinter: ['non-isolated-pod'] },
  },
  reads: NETPOL_READS,
  checkAll(context) {
    const analysis = netpolAnalysis(context);
    const namespacesWithPolicies = new Set(analysis.model.enforced.map((policy) => policy.namespace));
    for (const workload of analysis.model.workloads) {
      if (!namespacesWithPolicies.has(workload.namespace)) continue;
      const cls = analysis.classOf.get(workload)!;
      if (analysis.ingressPolicies[cls.id]!.length > 0 || analysis.egressPolicies[cls.id]!.length > 0) continue;
      if (analysis.adminRules.ingress[cls.id]!.length > 0 || analysis.adminRules.egress[cls.id]!.length > 0 || analysis.baselineSelects[cls.id]) continue;
      context.report({
        object: workload.object,
        path: workload.labelsPath,
        message: `${describeWorkload(workload)} is selected by no NetworkPolicy or admin network policy: it accepts connections from anywhere and may connect anywhere`,
      });
    }
  },
});
