import type { RuleMeta } from '../../../../core/rule.js';
import { isFullWildcard, ruleAllows, type PolicyRule } from '../../../analysis/rbac/matcher.js';
import { describeBinding, describeRole, type RoleDef } from '../../../analysis/rbac/model.js';
import { formatSubject } from '../../../analysis/rbac/subjects.js';
import { defineSetRule, type KubernetesSetRule } from '../rule.js';
import { describeHolders, reportableSubjects, scopeOf } from './holders.js';
import { RBAC_READS, rbacModelFor } from './model-cache.js';

export interface PermissionQuery {
  verbs: readonly string[];
  apiGroup: string;
  /** `resource` or `resource/subresource`. */
  resources: readonly string[];
  /** Match rules restricted by resourceNames too: the permission is dangerous on any single object. */
  anyName?: boolean;
  /**
   * Those of `resources` the API server authorizes without a namespace (nodes, PersistentVolumes,
   * webhook configurations, `escalate` on clusterroles...), so only a ClusterRoleBinding grants them:
   * the authorizer's `scopeApplies`, which `rbac who-can` answers with. The others are requested in a
   * namespace, which a RoleBinding grants too (`bind` on clusterroles is checked in the namespace of
   * the RoleBinding being written; impersonating a ServiceAccount in its namespace).
   */
  clusterScoped?: readonly string[];
}

/** Where a role's rules apply: a Role, or a RoleBinding, grants only requests in its namespace. */
export type GrantScope = 'cluster' | 'namespace';

/**
 * What the rule grants of the query, authorizer-evaluated: `create on pods/exec, pods/attach`, or
 * undefined. Without `anyName`, a rule restricted by resourceNames does not match (a request
 * without a name, like list or create, never does).
 */
export function grantedOf(rule: PolicyRule, query: PermissionQuery, scope: GrantScope): string | undefined {
  const grantable = scope === 'namespace' ? query.resources.filter((r) => !query.clusterScoped?.includes(r)) : query.resources;
  const name = query.anyName ? (rule.resourceNames[0] ?? '') : '';
  const verbs = query.verbs.filter((verb) => grantable.some((r) => allows(rule, verb, query.apiGroup, r, name)));
  if (verbs.length === 0) return undefined;
  const resources = grantable.filter((r) => verbs.some((verb) => allows(rule, verb, query.apiGroup, r, name)));
  const named = rule.resourceNames.length > 0 && query.anyName ? ` (names ${rule.resourceNames.join(', ')})` : '';
  return `${verbs.join(', ')} on ${resources.join(', ')}${named}`;
}

function allows(rule: PolicyRule, verb: string, apiGroup: string, combined: string, name: string): boolean {
  const [resource, subresource] = combined.split('/') as [string, string | undefined];
  return ruleAllows(rule, { kind: 'resource', verb, apiGroup, resource, ...(subresource ? { subresource } : {}), name });
}

/** What the rule grants of any of the queries, `bind on roles and escalate on clusterroles`, or undefined. */
export function grantedOfAny(rule: PolicyRule, queries: readonly PermissionQuery[], scope: GrantScope): string | undefined {
  return queries.map((query) => grantedOf(rule, query, scope)).filter(Boolean).join(' and ') || undefined;
}

/**
 * A rule about a dangerous permission. Findings land on the role rule that grants it (`rules[i].verbs`),
 * naming who holds it. Built-in roles (cluster-admin, admin, edit, system:*) cannot be edited, so
 * their findings land on each binding subject that hands them to a person or workload instead.
 * A Role, or a ClusterRole through a RoleBinding, grants only requests in a namespace, exactly as
 * `rbac who-can` decides, so a namespaced Role listing nodes/proxy is no finding. A `*` on `*` in `*`
 * rule grants every one of these permissions: k8s/rbac-wildcard (on the role) and
 * k8s/rbac-cluster-admin-binding (on its bindings) report it once, listing what it implies.
 */
export function definePermissionRule(definition: {
  meta: RuleMeta;
  match(rule: PolicyRule, role: RoleDef, scope: GrantScope): string | undefined;
}): KubernetesSetRule {
  return defineSetRule({
    meta: definition.meta,
    reads: RBAC_READS,
    checkAll({ objects, settings, report }) {
      const model = rbacModelFor(objects, settings);
      for (const role of model.roles) {
        if (role.builtIn || !role.object) {
          const own = role.rules.filter((r) => (r.source.builtIn || !r.source.object) && !isFullWildcard(r.rule));
          for (const binding of model.bindingsOf(role)) {
            const scope: GrantScope = binding.kind === 'RoleBinding' ? 'namespace' : 'cluster';
            const granted = own.map((r) => definition.match(r.rule, role, scope)).find(Boolean);
            if (!granted) continue;
            for (const entry of reportableSubjects(binding)) {
              report({
                object: binding.object,
                path: ['subjects', entry.index],
                message: `${describeBinding(binding)} grants ${formatSubject(entry.subject)} ${granted} ${scopeOf(binding)} through the built-in ${describeRole(role)}`,
              });
            }
          }
          continue;
        }
        const scope: GrantScope = role.kind === 'Role' ? 'namespace' : 'cluster';
        for (const ref of role.rules) {
          if (ref.source !== role || isFullWildcard(ref.rule)) continue;
          const granted = definition.match(ref.rule, role, scope);
          if (!granted) continue;
          // What only a ClusterRoleBinding grants is held by nobody a RoleBinding names.
          const clusterWideOnly = scope === 'cluster' && !definition.match(ref.rule, role, 'namespace');
          report({
            object: role.object,
            path: [...ref.path, 'verbs'],
            message: `${describeRole(role)} rules[${String(ref.path[1])}] grants ${granted}; ${describeHolders(model, role, clusterWideOnly)}`,
          });
        }
      }
    },
  });
}
