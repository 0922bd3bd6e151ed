import { describeBinding, describeRole, isClusterAdminEquivalent } from '../../../analysis/rbac/model.js';
import { formatSubject } from '../../../analysis/rbac/subjects.js';
import { defineSetRule } from '../rule.js';
import { reportableSubjects, scopeOf } from './holders.js';
import { RBAC_READS, rbacModelFor } from './model-cache.js';
import { NSA_RBAC, RBAC_GOOD_PRACTICES } from './references.js';

export const clusterAdminBinding = defineSetRule({
  meta: {
    id: 'k8s/rbac-cluster-admin-binding',
    title: 'cluster-admin, or an equivalent role, is bound to a user or workload',
    severity: 'critical',
    target: 'kubernetes',
    rationale:
      'cluster-admin (or any role with `*` verbs on `*` resources in `*` API groups) can do anything, including reading every Secret and granting itself anything else. Bound through a RoleBinding it is full control of the namespace, Roles, RoleBindings and Secrets included. Only the control plane (system:masters, system: components) should hold it.',
    remediation:
      'Bind a role that lists what the subject does; for namespace owners the built-in `admin` or `edit` role in a RoleBinding:\n\n```yaml\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: team-a-edit\n  namespace: team-a\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: edit\nsubjects:\n  - kind: Group\n    name: team-a\n    apiGroup: rbac.authorization.k8s.io\n```\n\nKeep break-glass cluster-admin access out of standing bindings.',
    references: { cis: ['CIS Kubernetes 5.1.1'], nsa: NSA_RBAC, urls: [RBAC_GOOD_PRACTICES] },
    aliases: {
      trivy: ['KSV111', 'AVD-KSV-0111'],
      kubeLinter: ['cluster-admin-role-binding'],
      polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole'],
    },
    controls: ['cis:5.1.1'],
  },
  reads: RBAC_READS,
  checkAll({ objects, settings, report }) {
    const model = rbacModelFor(objects, settings);
    for (const binding of model.bindings) {
      if (!binding.role || !isClusterAdminEquivalent(binding.role)) continue;
      const what = binding.kind === 'ClusterRoleBinding' ? 'cluster-admin power cluster-wide' : `full control of namespace ${binding.namespace}`;
      for (const entry of reportableSubjects(binding)) {
        report({
          object: binding.object,
          path: ['subjects', entry.index],
          message: `${describeBinding(binding)} gives ${formatSubject(entry.subject)} ${what} through ${describeRole(binding.role)} (${scopeOf(binding)})`,
        });
      }
    }
  },
});
