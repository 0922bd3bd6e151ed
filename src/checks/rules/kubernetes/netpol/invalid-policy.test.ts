import { describe, expect, it } from 'vitest';
import { invalidPolicy } from './invalid-policy.js';
import { netpol, runSetRule } from './testdata/run.js';

const run = (spec: string) => runSetRule(invalidPolicy, netpol('shop', 'p', spec));

describe('k8s/netpol-invalid-policy', () => {
  it('fires at an invalid CIDR, on its line', () => {
    const hits = run('podSelector: {}\ningress:\n  - from:\n      - ipBlock:\n          cidr: 10.0.0.300/8');
    expect(hits).toEqual([
      {
        kind: 'NetworkPolicy',
        fieldPath: 'spec.ingress[0].from[0].ipBlock.cidr',
        line: 9,
        message: 'NetworkPolicy "p" (namespace "shop"): invalid CIDR "10.0.0.300/8"; the API server rejects the policy',
      },
    ]);
  });

  it('fires at an unknown selector operator and at a bad except', () => {
    expect(run('podSelector: {matchExpressions: [{key: app, operator: Equals, values: [a]}]}').map((h) => h.fieldPath)).toEqual(['spec.podSelector.matchExpressions[0].operator']);
    expect(run('podSelector: {}\negress: [{to: [{ipBlock: {cidr: 10.0.0.0/16, except: [nope]}}]}]').map((h) => h.fieldPath)).toEqual(['spec.egress[0].to[0].ipBlock.except[0]']);
    expect(run('podSelector: {}\ningress: [{from: [{namespaceSelector: {matchExpressions: [{key: team, operator: In}]}}]}]').map((h) => h.fieldPath)).toEqual([
      'spec.ingress[0].from[0].namespaceSelector.matchExpressions[0].values',
    ]);
  });

  it('fires at the priority of an AdminNetworkPolicy out of range', () => {
    const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 1001\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n';
    expect(runSetRule(invalidPolicy, anp)).toEqual([
      { kind: 'AdminNetworkPolicy', fieldPath: 'spec.priority', line: 5, message: 'AdminNetworkPolicy "a": priority must be an integer from 0 to 1000; the API server rejects the policy' },
    ]);
  });

  it('stays quiet for valid IPv4 and IPv6 blocks, named ports and every operator', () => {
    const spec = `podSelector: {matchExpressions: [{key: a, operator: In, values: [x]}, {key: b, operator: NotIn, values: [y]}, {key: c, operator: Exists}, {key: d, operator: DoesNotExist}]}
ingress:
  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}, {ipBlock: {cidr: "2001:db8::/32"}}]
    ports: [{port: http}, {port: 8000, endPort: 8080}, {protocol: SCTP}]`;
    expect(run(spec)).toEqual([]);
  });
});
