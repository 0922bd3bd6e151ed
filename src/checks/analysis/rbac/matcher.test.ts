import { describe, expect, it } from 'vitest';
import { isFullWildcard, nonResourceURLMatches, resourceMatches, resourceNameMatches, ruleAllows, type PolicyRule } from './matcher.js';

const rule = (r: Partial<PolicyRule>): PolicyRule => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...r });
const get = (resource: string, extra: { apiGroup?: string; subresource?: string; name?: string; verb?: string } = {}) =>
  ({ kind: 'resource' as const, verb: extra.verb ?? 'get', apiGroup: extra.apiGroup ?? '', resource, ...extra });

describe('RBAC matching (evaluation_helpers.go)', () => {
  it('matches verbs exactly or by *', () => {
    expect(ruleAllows(rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] }), get('pods'))).toBe(true);
    expect(ruleAllows(rule({ verbs: ['list'], apiGroups: [''], resources: ['pods'] }), get('pods'))).toBe(false);
    expect(ruleAllows(rule({ verbs: ['*'], apiGroups: [''], resources: ['pods'] }), get('pods', { verb: 'escalate' }))).toBe(true);
    expect(ruleAllows(rule({ verbs: ['GET'], apiGroups: [''], resources: ['pods'] }), get('pods'))).toBe(false);
  });

  it('matches API groups exactly or by *; the core group is ""', () => {
    const apps = rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'] });
    expect(ruleAllows(apps, get('deployments', { apiGroup: 'apps' }))).toBe(true);
    expect(ruleAllows(apps, get('deployments', { apiGroup: 'extensions' }))).toBe(false);
    expect(ruleAllows(rule({ verbs: ['get'], apiGroups: ['*'], resources: ['deployments'] }), get('deployments', { apiGroup: 'extensions' }))).toBe(true);
    expect(ruleAllows(rule({ verbs: ['get'], apiGroups: [], resources: ['pods'] }), get('pods'))).toBe(false);
  });

  it('treats subresources as distinct resources, with * and */sub as the only patterns', () => {
    expect(resourceMatches(rule({ resources: ['pods'] }), 'pods/exec', 'exec')).toBe(false);
    expect(resourceMatches(rule({ resources: ['pods/exec'] }), 'pods/exec', 'exec')).toBe(true);
    expect(resourceMatches(rule({ resources: ['*'] }), 'pods/exec', 'exec')).toBe(true);
    expect(resourceMatches(rule({ resources: ['*/scale'] }), 'deployments/scale', 'scale')).toBe(true);
    expect(resourceMatches(rule({ resources: ['*/scale'] }), 'deployments', '')).toBe(false);
    expect(resourceMatches(rule({ resources: ['*/scale'] }), 'deployments/status', 'status')).toBe(false);
    // Not a pattern: matches only a request for the literal resource "deployments/*".
    expect(resourceMatches(rule({ resources: ['deployments/*'] }), 'deployments/scale', 'scale')).toBe(false);
    expect(resourceMatches(rule({ resources: ['pods/*'] }), 'pods', '')).toBe(false);
  });

  it('treats empty resourceNames as all names and never matches a nameless request against a list', () => {
    expect(resourceNameMatches(rule({}), '')).toBe(true);
    expect(resourceNameMatches(rule({ resourceNames: ['db'] }), 'db')).toBe(true);
    expect(resourceNameMatches(rule({ resourceNames: ['db'] }), 'other')).toBe(false);
    const named = rule({ verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['secrets'], resourceNames: ['db'] });
    expect(ruleAllows(named, get('secrets', { name: 'db' }))).toBe(true);
    expect(ruleAllows(named, get('secrets', { verb: 'list' }))).toBe(false);
    expect(ruleAllows(named, get('secrets', { verb: 'create' }))).toBe(false);
  });

  it('matches non-resource URLs exactly, by *, or by a trailing-* prefix', () => {
    expect(nonResourceURLMatches(rule({ nonResourceURLs: ['/healthz'] }), '/healthz')).toBe(true);
    expect(nonResourceURLMatches(rule({ nonResourceURLs: ['/healthz'] }), '/healthz/etcd')).toBe(false);
    expect(nonResourceURLMatches(rule({ nonResourceURLs: ['/healthz/*'] }), '/healthz/etcd')).toBe(true);
    expect(nonResourceURLMatches(rule({ nonResourceURLs: ['/api*'] }), '/apis/apps')).toBe(true);
    expect(nonResourceURLMatches(rule({ nonResourceURLs: ['*'] }), '/metrics')).toBe(true);
    expect(ruleAllows(rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] }), { kind: 'nonResource', verb: 'post', path: '/metrics' })).toBe(false);
  });

  it('never lets a resource rule answer a non-resource request or the reverse', () => {
    const all = rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] });
    expect(ruleAllows(all, { kind: 'nonResource', verb: 'get', path: '/metrics' })).toBe(false);
    expect(ruleAllows(rule({ verbs: ['*'], nonResourceURLs: ['*'] }), get('pods'))).toBe(false);
  });

  it('recognises the full wildcard of cluster-admin, not a name-restricted one', () => {
    expect(isFullWildcard(rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }))).toBe(true);
    expect(isFullWildcard(rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: ['x'] }))).toBe(false);
    expect(isFullWildcard(rule({ verbs: ['get'], apiGroups: ['*'], resources: ['*'] }))).toBe(false);
  });
});
