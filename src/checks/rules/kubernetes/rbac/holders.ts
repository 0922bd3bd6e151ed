import type { BindingDef, RbacModel, RoleDef, SubjectEntry } from '../../../analysis/rbac/model.js';
import { describeBinding } from '../../../analysis/rbac/model.js';
import { formatSubject, isSystemSubject } from '../../../analysis/rbac/subjects.js';

const including = new WeakMap<RbacModel, Map<RoleDef, RoleDef[]>>();

/** The roles whose effective rules contain `role`'s rules: itself, and the aggregated roles that select it. */
function rolesIncluding(model: RbacModel, role: RoleDef): RoleDef[] {
  let map = including.get(model);
  if (!map) {
    map = new Map();
    for (const candidate of model.roles) {
      for (const source of new Set(candidate.rules.map((r) => r.source))) {
        const list = map.get(source);
        if (list) list.push(candidate);
        else map.set(source, [candidate]);
      }
    }
    including.set(model, map);
  }
  return map.get(role) ?? [role];
}

export function bindingsGranting(model: RbacModel, role: RoleDef): BindingDef[] {
  return rolesIncluding(model, role).flatMap((r) => model.bindingsOf(r));
}

export function scopeOf(binding: BindingDef): string {
  return binding.kind === 'ClusterRoleBinding' ? 'cluster-wide' : `in namespace ${binding.namespace}`;
}

const SHOWN = 3;

/**
 * `bound cluster-wide to user:alice via ClusterRoleBinding "x"; ...`, or that nobody holds it in the
 * input. `clusterWideOnly`: the permission is cluster-scoped, so RoleBindings hand it to nobody.
 */
export function describeHolders(model: RbacModel, role: RoleDef, clusterWideOnly = false): string {
  const parts: string[] = [];
  const bindings = bindingsGranting(model, role);
  for (const binding of clusterWideOnly ? bindings.filter((b) => b.kind === 'ClusterRoleBinding') : bindings) {
    const subjects = binding.subjects.map((e) => e.subject);
    if (subjects.length === 0) continue;
    parts.push(`${scopeOf(binding)} to ${subjects.map(formatSubject).join(', ')} via ${describeBinding(binding)}`);
  }
  if (parts.length === 0) {
    const throughRoleBindings = clusterWideOnly && bindings.some((b) => b.subjects.length > 0);
    return throughRoleBindings ? 'not bound cluster-wide in the input (its RoleBindings cannot grant a cluster-scoped permission)' : 'not bound to any subject in the input';
  }
  const more = parts.length > SHOWN ? `; and ${parts.length - SHOWN} more binding(s)` : '';
  return `bound ${parts.slice(0, SHOWN).join('; ')}${more}`;
}

/** Binding subjects that findings are about: people and workloads, not the control plane. */
export function reportableSubjects(binding: BindingDef): SubjectEntry[] {
  return binding.subjects.filter((e) => !isSystemSubject(e.subject));
}
