import type { KubernetesObject } from '../../../../parsers/kubernetes/objects.js';
import { defineSetRule } from '../rule.js';
import { isOperatorResource, operatorResourceFor, operatorResourcesByNamespace } from './operator-pods.js';
import { describePolicy, namespacesWithWorkloads, NETPOL_DOCS, NETPOL_READS, netpolAnalysis } from './shared.js';

export const selectsNothing = defineSetRule({
  meta: {
    id: 'k8s/netpol-selects-nothing',
    title: 'NetworkPolicy selects no workload',
    severity: 'low',
    target: 'kubernetes',
    rationale:
      'A policy whose podSelector matches no pod protects nothing; usually its labels drifted from the workload it was written ' +
      'for, which leaves that workload open. Reported only when the input holds workloads of the policy\'s namespace, so a ' +
      'policy shipped apart from its workloads is not flagged, and not when a custom resource of that namespace that runs ' +
      'pods may make them through its operator (Prometheus, Elasticsearch, Kafka, PostgreSQL clusters...): when the ' +
      'selector matches the resource\'s labels or a `labels` map in its spec, names the resource, or uses a label key of ' +
      'its API domain.',
    remediation:
      'Make the podSelector match the labels of the pod template it should protect (or delete the policy):\n\n' +
      '```yaml\nspec:\n  podSelector:\n    matchLabels:\n      app: api   # the same labels as spec.template.metadata.labels\n```',
    references: { urls: [NETPOL_DOCS] },
    // kube-score's networkpolicy-targets-pod also fires on operator-made pods; this rule does not, so no alias.
    aliases: {},
  },
  // Besides the NetworkPolicy model, the custom resources whose operators may make the selected pods.
  reads: (object) => NETPOL_READS(object) || isOperatorResource(object),
  checkAll(context) {
    const analysis = netpolAnalysis(context);
    const populated = new Set(namespacesWithWorkloads(analysis));
    const defaultNamespace = context.settings.assumedNamespace ?? 'default';
    // Once, not per policy: a tree of many stacks has hundreds of policies and ten thousand objects.
    let operatorResources: Map<string, KubernetesObject[]> | undefined;
    const workloads = new Map<string, number>();
    for (const policy of analysis.model.enforced) {
      if (!populated.has(policy.namespace) || analysis.selectedBy(policy).length > 0) continue;
      const { namespace } = policy;
      operatorResources ??= operatorResourcesByNamespace(context.objects, defaultNamespace);
      if (operatorResourceFor(policy.podSelector, operatorResources.get(namespace) ?? [])) continue;
      let count = workloads.get(namespace);
      if (count === undefined) workloads.set(namespace, (count = analysis.model.workloads.filter((w) => w.namespace === namespace).length));
      context.report({
        object: policy.object,
        path: ['spec', 'podSelector'],
        message: `${describePolicy(policy)} selects none of the ${count} workload(s) of its namespace`,
      });
    }
  },
});
