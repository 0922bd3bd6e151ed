import type { ProblemKind } from '../../../analysis/rbac/model.js';
import type { RuleMeta } from '../../../../core/rule.js';
import { defineSetRule, type KubernetesSetRule } from '../rule.js';
import { RBAC_READS, rbacModelFor } from './model-cache.js';
import { RBAC_DOCS } from './references.js';

/** Reports the problems the model found while resolving references, so analysis of the rest goes on. */
function defineProblemRule(meta: RuleMeta, kinds: readonly ProblemKind[]): KubernetesSetRule {
  return defineSetRule({
    meta,
    reads: RBAC_READS,
    checkAll({ objects, settings, report }) {
      for (const problem of rbacModelFor(objects, settings).problems) {
        if (kinds.includes(problem.kind)) report({ object: problem.object, path: problem.path, message: problem.message });
      }
    },
  });
}

export const bindingMissingRole = defineProblemRule(
  {
    id: 'k8s/rbac-binding-missing-role',
    title: 'Binding refers to a role that does not exist or cannot be bound',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'A binding to a missing role grants nothing today, but whoever later creates a role of that name decides what its subjects can do, and nobody reviews the binding again. A ClusterRoleBinding to a Role, or a roleRef kind other than Role or ClusterRole, is rejected by the API server, so the manifest does not deploy. The built-in ClusterRoles (cluster-admin, admin, edit, view, system:*) and the Roles the API server bootstraps in kube-system (extension-apiserver-authentication-reader, system::leader-locking-kube-controller-manager, system::leader-locking-kube-scheduler, system:controller:bootstrap-signer, system:controller:cloud-provider, system:controller:token-cleaner) and kube-public (system:controller:bootstrap-signer) are assumed to exist.',
    remediation:
      'Add the role to the same manifests, or fix the reference:\n\n```yaml\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole   # a ClusterRoleBinding can only refer to a ClusterRole\n  name: app-reader\n```',
    references: { urls: [`${RBAC_DOCS}#rolebinding-and-clusterrolebinding`] },
    aliases: {},
  },
  ['missing-role', 'invalid-role-ref'],
);

export const invalidAggregationRule = defineProblemRule(
  {
    id: 'k8s/rbac-invalid-aggregation-rule',
    title: 'Aggregated ClusterRole has an invalid label selector',
    severity: 'medium',
    target: 'kubernetes',
    rationale:
      'The clusterrole-aggregation controller cannot parse a selector with an unknown operator, In/NotIn without values or Exists/DoesNotExist with values, so it never updates the role: its holders silently keep stale (or no) permissions, and rampart evaluates the rules the role lists itself.',
    remediation:
      'Use one of In, NotIn, Exists or DoesNotExist, with values only for In and NotIn:\n\n```yaml\naggregationRule:\n  clusterRoleSelectors:\n    - matchExpressions:\n        - key: rbac.example.com/aggregate-to-monitoring\n          operator: In\n          values: ["true"]\n```',
    references: { urls: [`${RBAC_DOCS}#aggregated-clusterroles`] },
    aliases: {},
  },
  ['invalid-aggregation-rule'],
);
