import type { RuleMeta } from '../../../core/rule.js';
import { ruleAllows, type PolicyRule } from '../../../analysis/rbac/matcher.js';
import { describeBinding, describeRole, type RoleDef } from '../../../analysis/rbac/model.js';
import { formatSubject } from '../../../analysis/rbac/subjects.js';
import { defineSetRule, type KubernetesSetRule } from '../rule.js';
import { describeHolders, reportableSubjects, scopeOf } from './holders.js';
import { rbacModelFor } from './model-cache.js';

export interface PermissionQuery {
  verbs: readonly string[];
  apiGroup: string;
  /** `resource` or `resource/subresource`. */
  resources: readonly string[];
  /** Match rules restricted by resourceNames too: the permission is dangerous on any single object. */
  anyName?: boolean;
}

/**
 * What the rule grants of the query, authorizer-evaluated: `create on pods/exec, pods/attach`, or
 * undefined. Without `anyName`, a rule restricted by resourceNames does not match (a request
 * without a name, like list or create, never does).
 */
export function grantedOf(rule: PolicyRule, query: PermissionQuery): string | undefined {
  const name = query.anyName ? (rule.resourceNames[0] ?? '') : '';
  const verbs = query.verbs.filter((verb) => query.resources.some((r) => allows(rule, verb, query.apiGroup, r, name)));
  if (verbs.length === 0) return undefined;
  const resources = query.resources.filter((r) => verbs.some((verb) => allows(rule, verb, query.apiGroup, r, name)));
  const named = rule.resourceNames.length > 0 && query.anyName ? ` (names ${rule.resourceNames.join(', ')})` : '';
  return `${verbs.join(', ')} on ${resources.join(', ')}${named}`;
}

function allows(rule: PolicyRule, verb: string, apiGroup: string, combined: string, name: string): boolean {
  const [resource, subresource] = combined.split('/') as [string, string | undefined];
  return ruleAllows(rule, { kind: 'resource', verb, apiGroup, resource, ...(subresource ? { subresource } : {}), name });
}

/**
 * A rule about a dangerous permission. Findings land on the role rule that grants it (`rules[i].verbs`),
 * naming who holds it. Built-in roles (cluster-admin, admin, edit, system:*) cannot be edited, so
 * their findings land on each binding subject that hands them to a person or workload instead.
 */
export function definePermissionRule(definition: {
  meta: RuleMeta;
  match(rule: PolicyRule, role: RoleDef): string | undefined;
}): KubernetesSetRule {
  return defineSetRule({
    meta: definition.meta,
    checkAll({ objects, settings, report }) {
      const model = rbacModelFor(objects, settings);
      for (const role of model.roles) {
        if (role.builtIn || !role.object) {
          const granted = role.rules.filter((r) => r.source.builtIn || !r.source.object).map((r) => definition.match(r.rule, role)).find(Boolean);
          if (!granted) continue;
          for (const binding of model.bindingsOf(role)) {
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
        for (const ref of role.rules) {
          if (ref.source !== role) continue;
          const granted = definition.match(ref.rule, role);
          if (!granted) continue;
          report({
            object: role.object,
            path: [...ref.path, 'verbs'],
            message: `${describeRole(role)} rules[${String(ref.path[1])}] grants ${granted}; ${describeHolders(model, role)}`,
          });
        }
      }
    },
  });
}
