import { describe, expect, it } from 'vitest';
import { egressAnyAddress } from './egress-any-address.js';
import { netpol, runSetRule } from './testdata/run.js';

const run = (spec: string) => runSetRule(egressAnyAddress, netpol('shop', 'p', spec));

describe('k8s/netpol-egress-any-address', () => {
  it('fires at the cidr of an egress ipBlock 0.0.0.0/0 or ::/0', () => {
    expect(run('podSelector: {}\negress: [{to: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}], ports: [{port: 443}]}]')).toEqual([
      expect.objectContaining({ fieldPath: 'spec.egress[0].to[0].ipBlock.cidr', message: 'NetworkPolicy "p" (namespace "shop") allows egress to 0.0.0.0/0 on the listed ports' }),
    ]);
    expect(run('podSelector: {}\negress: [{to: [{ipBlock: {cidr: "::/0"}}]}]')[0]!.message).toContain('allows egress to ::/0 on every port');
  });

  it('fires on an egress rule with neither `to` nor `ports`', () => {
    expect(run('podSelector: {}\negress: [{}]').map((h) => h.fieldPath)).toEqual(['spec.egress[0]']);
  });

  it('stays quiet for narrow blocks, DNS-only rules, and egress rules of Ingress-only policies', () => {
    expect(run('podSelector: {}\negress: [{to: [{ipBlock: {cidr: 203.0.113.0/24}}]}]')).toEqual([]);
    expect(run('podSelector: {}\negress: [{ports: [{port: 53, protocol: UDP}]}]')).toEqual([]);
    expect(run('podSelector: {}\npolicyTypes: [Ingress]\negress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]')).toEqual([]);
  });
});
