import { describe, expect, it } from 'vitest';
import { allowAllIngress } from './allow-all-ingress.js';
import { netpol, runSetRule } from './testdata/run.js';

const run = (spec: string) => runSetRule(allowAllIngress, netpol('shop', 'p', spec));

describe('k8s/netpol-allow-all-ingress', () => {
  it('fires on `ingress: [{}]`, at the rule', () => {
    expect(run('podSelector: {}\ningress: [{}]')).toEqual([
      expect.objectContaining({ fieldPath: 'spec.ingress[0]', message: 'NetworkPolicy "p" (namespace "shop") allows ingress from every source, in and outside the cluster on every port' }),
    ]);
  });

  it('fires on namespaceSelector {} with an empty or absent podSelector, and on ipBlock 0.0.0.0/0 or ::/0', () => {
    expect(run('podSelector: {}\ningress: [{from: [{namespaceSelector: {}}]}]').map((h) => h.fieldPath)).toEqual(['spec.ingress[0].from[0]']);
    expect(run('podSelector: {}\ningress: [{from: [{namespaceSelector: {}, podSelector: {}}]}]')).toHaveLength(1);
    expect(run('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]').map((h) => h.fieldPath)).toEqual(['spec.ingress[0].from[0].ipBlock.cidr']);
    expect(run('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: "::/0"}}]}]')).toHaveLength(1);
  });

  it('stays quiet for rules limited by ports, sources, or excepts, and for Egress-only policies', () => {
    expect(run('podSelector: {}\ningress: [{ports: [{port: 443}]}]')).toEqual([]);
    expect(run('podSelector: {}\ningress: [{from: [{namespaceSelector: {}, podSelector: {matchLabels: {app: a}}}]}]')).toEqual([]);
    expect(run('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}]}]')).toEqual([]);
    expect(run('podSelector: {}\npolicyTypes: [Egress]\ningress: [{}]')).toEqual([]);
  });
});
