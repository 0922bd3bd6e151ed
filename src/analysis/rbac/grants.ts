import { ruleAllows, type AccessRequest } from './matcher.js';
import type { BindingDef, RbacModel, RoleDef, RuleRef, SubjectEntry } from './model.js';
import { identityKeys, type Identity } from './subjects.js';

/** One rule a subject holds through one binding: the unit every query and finding reasons about. */
export interface Grant {
  binding: BindingDef;
  /** The binding subject that matched (the identity itself, or one of its groups). */
  entry: SubjectEntry;
  role: RoleDef;
  ruleRef: RuleRef;
}

/** Namespace a grant applies in; undefined for ClusterRoleBindings, which apply in all of them and cluster-wide. */
export function grantScope(grant: Pick<Grant, 'binding'>): string | undefined {
  return grant.binding.kind === 'RoleBinding' ? grant.binding.namespace : undefined;
}

export function grantsFor(model: RbacModel, identity: Identity): Grant[] {
  const grants: Grant[] = [];
  const seen = new Set<BindingDef>();
  for (const key of identityKeys(identity)) {
    for (const { binding, entry } of model.bindingsForSubjectKey(key)) {
      // Two subjects of one binding matching the same identity grant nothing twice.
      if (!binding.role || seen.has(binding)) continue;
      seen.add(binding);
      for (const ruleRef of binding.role.rules) grants.push({ binding, entry, role: binding.role, ruleRef });
    }
  }
  return grants;
}

/**
 * The authorizer's decision for a request: a ClusterRoleBinding applies everywhere, a RoleBinding
 * only to requests in its own namespace (so never to cluster-scoped resources nor non-resource URLs).
 */
export function scopeApplies(grant: Pick<Grant, 'binding'>, request: AccessRequest): boolean {
  const scope = grantScope(grant);
  if (scope === undefined) return true;
  return request.kind === 'resource' && !!request.namespace && request.namespace === scope;
}

export function allowingGrant(grants: readonly Grant[], request: AccessRequest): Grant | undefined {
  return grants.find((g) => scopeApplies(g, request) && ruleAllows(g.ruleRef.rule, request));
}
