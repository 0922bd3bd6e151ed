import { ALL, apiGroupMatches, nonResourceURLMatches, resourceMatches, resourceNameMatches, verbMatches, type PolicyRule } from './matcher.js';
import { grantScope, grantsFor, requestNamespace, type Grant } from './grants.js';
import type { BindingDef, RbacModel, RoleDef, RuleRef } from './model.js';
import { identityOf, type Subject } from './subjects.js';

export type WhoCanQuery =
  | {
      kind: 'resource';
      verb: string;
      resource: string;
      subresource?: string;
      /** Undefined: match rules of every API group (the resource's group is unknown). */
      apiGroup?: string;
      name?: string;
      /** Undefined: any namespace, each answer saying where it applies. */
      namespace?: string;
      /** Cluster-scoped resources are granted by ClusterRoleBindings only. */
      namespaced: boolean;
    }
  | { kind: 'nonResource'; verb: string; path: string };

export interface WhoCanAnswer {
  subject: Subject;
  binding: BindingDef;
  role: RoleDef;
  ruleRef: RuleRef;
  /** Namespace the permission applies in; undefined for cluster-wide (ClusterRoleBinding). */
  scope?: string;
}

interface IndexedRule {
  role: RoleDef;
  ruleRef: RuleRef;
}

export interface WhoCanIndex {
  query(query: WhoCanQuery): WhoCanAnswer[];
}

/**
 * Rules indexed by (verb, resource) as written, so a query reads the handful of buckets that can
 * match (`verb|*` × `resource/sub|*|*\/sub`) instead of every rule: the authorizer's matching
 * admits no other spelling.
 */
export function buildWhoCanIndex(model: RbacModel): WhoCanIndex {
  const byVerb = new Map<string, Map<string, IndexedRule[]>>();
  const nonResource: IndexedRule[] = [];
  for (const role of model.roles) {
    if (model.bindingsOf(role).length === 0) continue;
    for (const ruleRef of role.rules) {
      const entry = { role, ruleRef };
      if (ruleRef.rule.nonResourceURLs.length > 0) nonResource.push(entry);
      for (const verb of new Set(ruleRef.rule.verbs)) {
        let byResource = byVerb.get(verb);
        if (!byResource) byVerb.set(verb, (byResource = new Map()));
        for (const resource of new Set(ruleRef.rule.resources)) {
          let list = byResource.get(resource);
          if (!list) byResource.set(resource, (list = []));
          list.push(entry);
        }
      }
    }
  }

  const candidates = (query: Extract<WhoCanQuery, { kind: 'resource' }>): IndexedRule[] => {
    const combined = query.subresource ? `${query.resource}/${query.subresource}` : query.resource;
    const keys = [combined, ALL, ...(query.subresource ? [`*/${query.subresource}`] : [])];
    const found = new Set<IndexedRule>();
    for (const verb of new Set([query.verb, ALL])) {
      const byResource = byVerb.get(verb);
      if (!byResource) continue;
      for (const key of keys) for (const entry of byResource.get(key) ?? []) found.add(entry);
    }
    return [...found];
  };

  return {
    query(query) {
      const entries = query.kind === 'nonResource' ? nonResource : candidates(query);
      const answers: WhoCanAnswer[] = [];
      for (const entry of entries) {
        if (!queryMatchesRule(entry.ruleRef.rule, query)) continue;
        for (const binding of model.bindingsOf(entry.role)) {
          const scope = grantScope({ binding });
          if (!scopeFits(scope, query)) continue;
          for (const { subject } of binding.subjects) {
            answers.push({ subject, binding, role: entry.role, ruleRef: entry.ruleRef, ...(scope !== undefined ? { scope } : {}) });
          }
        }
      }
      return answers.sort(compareAnswers);
    },
  };
}

export function queryMatchesRule(rule: PolicyRule, query: WhoCanQuery): boolean {
  if (!verbMatches(rule, query.verb)) return false;
  if (query.kind === 'nonResource') return nonResourceURLMatches(rule, query.path);
  if (query.apiGroup !== undefined && !apiGroupMatches(rule, query.apiGroup)) return false;
  const combined = query.subresource ? `${query.resource}/${query.subresource}` : query.resource;
  return resourceMatches(rule, combined, query.subresource ?? '') && resourceNameMatches(rule, query.name ?? '');
}

/**
 * ClusterRoleBindings apply everywhere; a RoleBinding only inside its namespace, to namespaced
 * resources and to its own Namespace object (see `requestNamespace`).
 */
function scopeFits(scope: string | undefined, query: WhoCanQuery): boolean {
  if (scope === undefined) return true;
  if (query.kind === 'nonResource') return false;
  const own = requestNamespace({ verb: query.verb, resource: query.resource, ...(query.name !== undefined ? { name: query.name } : {}) });
  if (own !== undefined) return own === scope;
  if (!query.namespaced) return false;
  return query.namespace === undefined || query.namespace === scope;
}

function compareAnswers(a: WhoCanAnswer, b: WhoCanAnswer): number {
  return (
    subjectSortKey(a.subject).localeCompare(subjectSortKey(b.subject)) ||
    (a.scope ?? '').localeCompare(b.scope ?? '') ||
    a.binding.name.localeCompare(b.binding.name)
  );
}

function subjectSortKey(subject: Subject): string {
  return `${subject.kind}:${subject.namespace ?? ''}:${subject.name}`;
}

export interface Permission {
  /** Namespace the rule applies in; undefined for cluster-wide. */
  scope?: string;
  rule: PolicyRule;
  grant: Grant;
}

/**
 * Every rule that applies to the subject. A user is also in `system:authenticated` (or, for
 * `system:anonymous`, `system:unauthenticated`); other group memberships come from the
 * authenticator and cannot be known from manifests, so ask about those groups separately.
 */
export function permissionsOf(model: RbacModel, subject: Subject): Permission[] {
  return grantsFor(model, identityOf(subject))
    .map((grant) => {
      const scope = grantScope(grant);
      return { ...(scope !== undefined ? { scope } : {}), rule: grant.ruleRef.rule, grant };
    })
    .sort((a, b) => (a.scope === undefined ? -1 : 0) - (b.scope === undefined ? -1 : 0) || (a.scope ?? '').localeCompare(b.scope ?? ''));
}
