import { formatPath } from '../../../analysis/rbac/escalation.js';
import { formatSubject, isSystemSubject } from '../../../analysis/rbac/subjects.js';
import { defineSetRule } from '../rule.js';
import { escalationGraphFor, RBAC_READS, rbacModelFor } from './model-cache.js';
import { NSA_RBAC, RBAC_GOOD_PRACTICES } from './references.js';

export const escalationPath = defineSetRule({
  meta: {
    id: 'k8s/rbac-escalation-path',
    title: 'Subject can escalate to cluster-admin in several steps',
    severity: 'high',
    target: 'kubernetes',
    rationale:
      'Permissions chain: creating a pod in a namespace lends its ServiceAccounts\' tokens, reading a token Secret or minting a token becomes that ServiceAccount, impersonation becomes its target. When the chain ends at a cluster-admin binding, the first subject is a cluster admin whatever its own roles say. Each step is listed so the cheapest link can be cut.',
    remediation:
      'Break one link of the printed chain, usually the last: give the privileged ServiceAccount only what its workload needs, or move it to a namespace where the first subject cannot create pods. For example, replace the ServiceAccount\'s cluster-admin binding with a scoped role:\n\n```yaml\nkind: RoleBinding\nmetadata:\n  name: deployer\n  namespace: apps\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n  - kind: ServiceAccount\n    name: deployer\n    namespace: ci\n```\n\nRun `rampart rbac path SUBJECT` to see the chain again after the change.',
    references: { cis: ['CIS Kubernetes 5.1.1', 'CIS Kubernetes 5.1.4', 'CIS Kubernetes 5.1.8'], nsa: NSA_RBAC, urls: [RBAC_GOOD_PRACTICES] },
    aliases: {},
  },
  reads: RBAC_READS,
  checkAll({ objects, settings, report }) {
    const model = rbacModelFor(objects, settings);
    const graph = escalationGraphFor(model);
    const done = new Set<string>();
    for (const binding of model.bindings) {
      for (const { subject } of binding.subjects) {
        const key = formatSubject(subject);
        if (done.has(key) || isSystemSubject(subject)) continue;
        done.add(key);
        const path = graph.pathFrom(subject);
        const first = path?.[0]?.grant;
        // Length 1 is a direct cluster-admin binding, which k8s/rbac-cluster-admin-binding reports.
        if (!path || path.length < 2 || !first) continue;
        report({
          object: first.binding.object,
          path: ['subjects', first.entry.index],
          message: `${key} can reach cluster-admin in ${path.length} steps: ${formatPath(path)}`,
        });
      }
    }
  },
});
