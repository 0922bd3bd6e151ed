import { describe, expect, it } from 'vitest';
import { namespaceNoDefaultDenyEgress, namespaceNoDefaultDenyIngress } from './default-deny.js';
import { deployment, netpol, runSetRule } from './testdata/run.js';

const WEB = deployment('shop', 'web', '{app: web}');

describe('k8s/netpol-namespace-no-default-deny-ingress', () => {
  it('fires once per namespace with workloads, on its Namespace object when present', () => {
    const hits = runSetRule(namespaceNoDefaultDenyIngress, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n' + WEB + deployment('shop', 'api', '{app: api}'));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'Namespace', fieldPath: 'metadata.name', line: 3 });
    expect(hits[0]!.message).toContain('namespace "shop" has no default-deny ingress NetworkPolicy');
    expect(hits[0]!.message).toContain('2 workload(s)');
  });

  it('falls back to the first workload of the namespace', () => {
    const hits = runSetRule(namespaceNoDefaultDenyIngress, WEB + netpol('shop', 'web-only', 'podSelector: {matchLabels: {app: web}}'));
    expect(hits).toEqual([expect.objectContaining({ kind: 'Deployment', fieldPath: 'metadata.namespace' })]);
  });

  it('stays quiet with podSelector {} isolating ingress, with or without narrower allow rules', () => {
    expect(runSetRule(namespaceNoDefaultDenyIngress, WEB + netpol('shop', 'deny', 'podSelector: {}'))).toEqual([]);
    expect(runSetRule(namespaceNoDefaultDenyIngress, WEB + netpol('shop', 'deny', 'podSelector: {}\ningress: [{from: [{podSelector: {}}]}]'))).toEqual([]);
  });

  it('does not count a podSelector {} policy that allows everything, or one that is Egress-only or invalid', () => {
    expect(runSetRule(namespaceNoDefaultDenyIngress, WEB + netpol('shop', 'open', 'podSelector: {}\ningress: [{}]'))).toHaveLength(1);
    expect(runSetRule(namespaceNoDefaultDenyIngress, WEB + netpol('shop', 'eg', 'podSelector: {}\npolicyTypes: [Egress]'))).toHaveLength(1);
    expect(runSetRule(namespaceNoDefaultDenyIngress, WEB + netpol('shop', 'bad', 'podSelector: {}\npolicyTypes: [Inbound]'))).toHaveLength(1);
  });

  it('stays quiet for namespaces without workloads in the input', () => {
    expect(runSetRule(namespaceNoDefaultDenyIngress, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: empty}\n')).toEqual([]);
  });
});

describe('k8s/netpol-namespace-no-default-deny-egress', () => {
  it('fires when only ingress is denied by default', () => {
    const hits = runSetRule(namespaceNoDefaultDenyEgress, WEB + netpol('shop', 'deny', 'podSelector: {}'));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.message).toContain('has no default-deny egress NetworkPolicy');
  });

  it('stays quiet with an egress default deny that still allows DNS', () => {
    const spec = 'podSelector: {}\npolicyTypes: [Egress]\negress: [{ports: [{port: 53, protocol: UDP}]}]';
    expect(runSetRule(namespaceNoDefaultDenyEgress, WEB + netpol('shop', 'deny-egress', spec))).toEqual([]);
  });
});
