/**
 * The RBAC authorizer's matching, function for function: k8s.io/kubernetes
 * plugin/pkg/auth/authorizer/rbac/rbac.go `RuleAllows` and pkg/apis/rbac/v1/evaluation_helpers.go.
 * Anything looser or stricter here would make every query and finding wrong in the same way.
 */
export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

export interface ResourceRequest {
  kind: 'resource';
  verb: string;
  apiGroup: string;
  resource: string;
  subresource?: string;
  /** Absent for requests without a name: list, watch, create, deletecollection. */
  name?: string;
  /** Absent (or empty) for cluster-scoped resources and all-namespace requests. */
  namespace?: string;
}

export interface NonResourceRequest {
  kind: 'nonResource';
  verb: string;
  path: string;
}

export type AccessRequest = ResourceRequest | NonResourceRequest;

export const ALL = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === ALL || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return rule.apiGroups.some((g) => g === ALL || g === group);
}

// `*` matches everything including subresources; `*/sub` that subresource of any resource; nothing else is a pattern.
export function resourceMatches(rule: PolicyRule, combinedResource: string, subresource: string): boolean {
  for (const resource of rule.resources) {
    if (resource === ALL || resource === combinedResource) return true;
    if (subresource === '') continue;
    if (resource.length === subresource.length + 2 && resource.startsWith('*/') && resource.endsWith(subresource)) return true;
  }
  return false;
}

/** An empty list allows every name; a request without a name never matches a non-empty list. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  if (rule.resourceNames.length === 0) return true;
  return rule.resourceNames.some((n) => n === name);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs) {
    if (url === ALL || url === path) return true;
    if (url.endsWith('*') && path.startsWith(url.replace(/\*+$/, ''))) return true;
  }
  return false;
}

export function combinedResource(request: ResourceRequest): string {
  return request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
}

export function ruleAllows(rule: PolicyRule, request: AccessRequest): boolean {
  if (request.kind === 'nonResource') return verbMatches(rule, request.verb) && nonResourceURLMatches(rule, request.path);
  return (
    verbMatches(rule, request.verb) &&
    apiGroupMatches(rule, request.apiGroup) &&
    resourceMatches(rule, combinedResource(request), request.subresource ?? '') &&
    resourceNameMatches(rule, request.name ?? '')
  );
}

/** `*` verbs on `*` resources in `*` groups for every name: what the default cluster-admin role grants. */
export function isFullWildcard(rule: PolicyRule): boolean {
  return rule.verbs.includes(ALL) && rule.apiGroups.includes(ALL) && rule.resources.includes(ALL) && rule.resourceNames.length === 0;
}
