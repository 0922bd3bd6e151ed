import { describe, expect, it } from 'vitest';
import { matches, parseMatch, wildcardMatches, type ConstraintMatch, type MatchSubject } from './match.js';

function match(value: unknown): ConstraintMatch {
  const parsed = parseMatch(value);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

const pod: MatchSubject = { group: '', kind: 'Pod', name: 'web-1', labels: { app: 'web' }, namespace: 'prod' };
const deployment: MatchSubject = { group: 'apps', kind: 'Deployment', name: 'web', labels: {}, namespace: 'prod' };
const clusterRole: MatchSubject = { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin', labels: {}, namespace: '' };
const namespace: MatchSubject = { group: '', kind: 'Namespace', name: 'kube-system', labels: { team: 'platform' }, namespace: '' };

describe('Gatekeeper match criteria', () => {
  it('matches everything when no criterion is given', () => {
    for (const subject of [pod, deployment, clusterRole, namespace]) expect(matches(match(undefined), subject)).toBe(true);
  });

  it('kinds: group and kind must both match one entry; * and empty lists match all', () => {
    const kinds = match({ kinds: [{ apiGroups: ['apps'], kinds: ['Deployment'] }, { apiGroups: [''], kinds: ['Pod'] }] });
    expect(matches(kinds, pod)).toBe(true);
    expect(matches(kinds, deployment)).toBe(true);
    expect(matches(kinds, clusterRole)).toBe(false);
    expect(matches(match({ kinds: [{ apiGroups: ['*'], kinds: ['ClusterRole'] }] }), clusterRole)).toBe(true);
    expect(matches(match({ kinds: [{ apiGroups: ['apps'], kinds: ['*'] }] }), pod)).toBe(false);
    expect(matches(match({ kinds: [{ apiGroups: [''], kinds: ['Deployment'] }] }), deployment)).toBe(false);
  });

  it('scope: Namespaces count as cluster-scoped, objects with a namespace as namespaced', () => {
    expect(matches(match({ scope: 'Cluster' }), namespace)).toBe(true);
    expect(matches(match({ scope: 'Cluster' }), clusterRole)).toBe(true);
    expect(matches(match({ scope: 'Cluster' }), pod)).toBe(false);
    expect(matches(match({ scope: 'Namespaced' }), pod)).toBe(true);
    expect(matches(match({ scope: 'Namespaced' }), namespace)).toBe(false);
  });

  it('namespaces and excludedNamespaces take prefix and suffix globs; a Namespace is judged by its own name', () => {
    expect(matches(match({ namespaces: ['prod'] }), pod)).toBe(true);
    expect(matches(match({ namespaces: ['pr*'] }), pod)).toBe(true);
    expect(matches(match({ namespaces: ['*-prod'] }), pod)).toBe(false);
    expect(matches(match({ namespaces: ['staging'] }), pod)).toBe(false);
    expect(matches(match({ excludedNamespaces: ['kube-*'] }), namespace)).toBe(false);
    expect(matches(match({ excludedNamespaces: ['kube-*'] }), pod)).toBe(true);
    expect(matches(match({ namespaces: ['*-system'] }), namespace)).toBe(true);
    // A cluster-scoped object other than a Namespace cannot be ruled out by namespace.
    expect(matches(match({ namespaces: ['prod'] }), clusterRole)).toBe(true);
    expect(matches(match({ excludedNamespaces: ['prod'] }), clusterRole)).toBe(true);
  });

  it('labelSelector reads the object labels with matchLabels and matchExpressions', () => {
    expect(matches(match({ labelSelector: { matchLabels: { app: 'web' } } }), pod)).toBe(true);
    expect(matches(match({ labelSelector: { matchLabels: { app: 'db' } } }), pod)).toBe(false);
    expect(matches(match({ labelSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } }), pod)).toBe(false);
    expect(matches(match({ labelSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } }), pod)).toBe(true);
  });

  it('namespaceSelector reads the Namespace of the object, or a Namespace itself, and needs it to be known', () => {
    const selector = match({ namespaceSelector: { matchLabels: { team: 'platform' } } });
    expect(matches(selector, namespace)).toBe(true);
    expect(matches(selector, { ...pod, namespaceObject: { metadata: { name: 'prod', labels: { team: 'platform' } } } })).toBe(true);
    expect(matches(selector, { ...pod, namespaceObject: { metadata: { name: 'prod', labels: { team: 'shop' } } } })).toBe(false);
    expect(matches(selector, clusterRole)).toBe(true);
    expect(matches(selector, pod)).toEqual({ error: 'namespaceSelector needs the Namespace "prod", which is not known' });
  });

  it('name takes a glob too', () => {
    expect(matches(match({ name: 'web-*' }), pod)).toBe(true);
    expect(matches(match({ name: 'web' }), pod)).toBe(false);
    expect(matches(match({ name: '*-1' }), pod)).toBe(true);
  });

  it('globs: prefix, suffix, both ends, exact', () => {
    expect(wildcardMatches('kube-*', 'kube-public')).toBe(true);
    expect(wildcardMatches('*-system', 'gatekeeper-system')).toBe(true);
    expect(wildcardMatches('*gate*', 'gatekeeper-system')).toBe(true);
    expect(wildcardMatches('kube', 'kube-system')).toBe(false);
  });

  it('refuses malformed match blocks, naming the field', () => {
    expect(parseMatch('everything')).toBe('spec.match must be a map');
    expect(parseMatch({ kinds: 'Pod' })).toBe('spec.match.kinds must be a list');
    expect(parseMatch({ kinds: [{ apiGroups: '', kinds: ['Pod'] }] })).toMatch(/apiGroups and kinds as lists of strings/);
    expect(parseMatch({ scope: 'cluster' })).toBe('spec.match.scope must be *, Cluster or Namespaced');
    expect(parseMatch({ namespaces: 'prod' })).toBe('spec.match.namespaces must be a list of strings');
    expect(parseMatch({ excludedNamespaces: ['ku*be'] })).toMatch(/"ku\*be" is not a namespace name or a prefix\/suffix glob/);
    expect(parseMatch({ labelSelector: { matchExpressions: [{ key: 'a', operator: 'Near' }] } })).toMatch(/^spec.match.labelSelector: unknown selector operator "Near"/);
    expect(parseMatch({ namespaceSelector: ['x'] })).toBe('spec.match.namespaceSelector must be a label selector');
    expect(parseMatch({ name: 7 })).toBe('spec.match.name must be a name or a prefix/suffix glob');
  });
});
