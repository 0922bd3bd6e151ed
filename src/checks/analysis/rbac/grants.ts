import { ALL, ruleAllows, type AccessRequest, type PolicyRule, type ResourceRequest } from './matcher.js';
import { isClusterScoped } from './resources.js';
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

/** Requests that name one Namespace object in their URL path (`/api/v1/namespaces/NAME`, its status and finalize). */
const NAMED_VERBS: ReadonlySet<string> = new Set(['get', 'update', 'patch', 'delete']);

/**
 * The namespace attribute the API server gives a request. k8s.io/apiserver requestinfo.go reads the
 * namespace from the URL path, and the path of one Namespace object is `/namespaces/NAME`: such a
 * request is in namespace NAME, so the RoleBindings of NAME answer it even though namespaces are
 * cluster-scoped. A list, watch or create of namespaces has no name in its path and stays cluster-wide.
 */
export function requestNamespace(request: Pick<ResourceRequest, 'verb' | 'resource' | 'name' | 'namespace'>): string | undefined {
  if (request.resource === 'namespaces' && request.name && NAMED_VERBS.has(request.verb)) return request.name;
  return request.namespace || undefined;
}

/**
 * Whether a rule can authorize any request in a namespace, which is all a RoleBinding applies to: not
 * with non-resource URLs only, nor with only built-in cluster-scoped resources. A Namespace's own
 * object (see `requestNamespace`) and `bind` on ClusterRoles (checked in the namespace of the
 * RoleBinding being written) are requests in a namespace.
 */
export function grantsInNamespace(rule: PolicyRule): boolean {
  return rule.resources.some((combined) => {
    const resource = combined.split('/')[0]!;
    if (resource === ALL || resource === 'namespaces' || resource === 'clusterroles') return true;
    return rule.apiGroups.some((group) => group === ALL || !isClusterScoped(group, resource));
  });
}

/**
 * The authorizer's decision for a request: a ClusterRoleBinding applies everywhere, a RoleBinding
 * only to requests in its own namespace (so never to other cluster-scoped resources nor non-resource URLs).
 */
export function scopeApplies(grant: Pick<Grant, 'binding'>, request: AccessRequest): boolean {
  const scope = grantScope(grant);
  if (scope === undefined) return true;
  return request.kind === 'resource' && requestNamespace(request) === scope;
}

export function allowingGrant(grants: readonly Grant[], request: AccessRequest): Grant | undefined {
  return grants.find((g) => scopeApplies(g, request) && ruleAllows(g.ruleRef.rule, request));
}
