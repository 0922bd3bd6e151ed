import { describe, expect, it } from 'vitest';
import { namespaceNoDefaultDenyEgress, namespaceNoDefaultDenyIngress } from './default-deny.js';
import { deployment, netpol, runSetRule } from './testdata/run.js';

const WEB = deployment('shop', 'web', '{app: web}');

describe('k8s/netpol-namespace-no-default-deny-ingress', () => {
  it('fires once per namespace with workloads, on its Namespace object when present', () => {
    const hits = runSetRule(namespaceNoDefaultDenyIngress, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n' + WEB + deployment('shop', 'api', '{app: api}'));
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ kind: 'Namespace', fieldPath: 'metadata.name', line: 3 });
    expect(hits[0]!.message).toBe(
      'namespace "shop" has no default-deny ingress NetworkPolicy (podSelector: {}, policyTypes: [Ingress]); 2 of its 2 workload(s) (Deployment/web, Deployment/api) are selected by no NetworkPolicy or admin network policy for ingress and accept connections from anywhere',
    );
  });

  it('does not claim workloads accept connections from anywhere when each has its own ingress policy', () => {
    const own = WEB + deployment('shop', 'api', '{app: api}') + netpol('shop', 'web', 'podSelector: {matchLabels: {app: web}}') + netpol('shop', 'api', 'podSelector: {matchLabels: {app: api}}');
    const hits = runSetRule(namespaceNoDefaultDenyIngress, own);
    expect(hits.map((h) => h.message)).toEqual([
      'namespace "shop" has no default-deny ingress NetworkPolicy (podSelector: {}, policyTypes: [Ingress]); each of its 2 workload(s) is selected by a NetworkPolicy or admin network policy for ingress, but a workload added without one would accept connections from anywhere',
    ]);
    const partly = runSetRule(namespaceNoDefaultDenyIngress, own.replace('matchLabels: {app: api}}', 'matchLabels: {app: nope}}'));
    expect(partly[0]!.message).toContain('; 1 of its 2 workload(s) (Deployment/api) is selected by no NetworkPolicy or admin network policy for ingress and accepts connections from anywhere');
  });

  it('does not count a default deny that a policy over every pod undoes by allowing every source, however spelled', () => {
    const deny = netpol('shop', 'deny', 'podSelector: {}');
    expect(runSetRule(namespaceNoDefaultDenyIngress, WEB + deny + netpol('shop', 'open', 'podSelector: {}\ningress: [{}]'))).toHaveLength(1);
    const spelledOut = 'podSelector: {}\ningress: [{from: [{namespaceSelector: {}}, {ipBlock: {cidr: 0.0.0.0/0}}]}]';
    expect(runSetRule(namespaceNoDefaultDenyIngress, WEB + netpol('shop', 'open', spelledOut))).toHaveLength(1);
    expect(runSetRule(namespaceNoDefaultDenyIngress, WEB + netpol('shop', 'pods-only', 'podSelector: {}\ningress: [{from: [{namespaceSelector: {}}]}]'))).toEqual([]);
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

describe('k8s/netpol-namespace-no-default-deny-* and the admin tiers', () => {
  it('does not count a workload an AdminNetworkPolicy selects as open', () => {
    const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 1\n  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n---\n';
    const hits = runSetRule(namespaceNoDefaultDenyIngress, WEB + deployment('shop', 'api', '{app: api}') + anp);
    expect(hits[0]!.message).toContain('; 1 of its 2 workload(s) (Deployment/api) is selected by no NetworkPolicy or admin network policy for ingress');
  });
});
