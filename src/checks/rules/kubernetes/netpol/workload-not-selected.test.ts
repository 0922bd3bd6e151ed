import { describe, expect, it } from 'vitest';
import { deployment, netpol, runSetRule } from './testdata/run.js';
import { workloadNotSelected } from './workload-not-selected.js';

describe('k8s/netpol-workload-not-selected', () => {
  it('fires on a workload no policy selects, at its pod template labels', () => {
    const hits = runSetRule(workloadNotSelected, deployment('shop', 'web', '{app: web}') + deployment('shop', 'api', '{app: api}') + netpol('shop', 'api', 'podSelector: {matchLabels: {app: api}}'));
    expect(hits).toEqual([expect.objectContaining({ fieldPath: 'spec.template.metadata.labels', line: 7 })]);
    expect(hits[0]!.message).toBe('Deployment "web" (namespace "shop") is selected by no NetworkPolicy or admin network policy: it accepts connections from anywhere and may connect anywhere');
  });

  it('ignores policies of other namespaces and invalid policies', () => {
    const other = deployment('shop', 'api', '{app: api}') + netpol('shop', 'api', 'podSelector: {matchLabels: {app: api}}');
    expect(runSetRule(workloadNotSelected, other + deployment('shop', 'web', '{app: web}') + netpol('other', 'all', 'podSelector: {}'))).toHaveLength(1);
    expect(runSetRule(workloadNotSelected, other + deployment('shop', 'web', '{app: web}') + netpol('shop', 'bad', 'podSelector: {matchExpressions: [{key: app, operator: Equals, values: [web]}]}'))).toHaveLength(1);
  });

  it('leaves namespaces without any policy to the namespace-level default-deny finding', () => {
    expect(runSetRule(workloadNotSelected, deployment('shop', 'web', '{app: web}') + deployment('shop', 'api', '{app: api}'))).toEqual([]);
  });

  it('stays quiet when an AdminNetworkPolicy subject selects the workload', () => {
    const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{namespaces: {}}]}]\n';
    expect(runSetRule(workloadNotSelected, deployment('shop', 'web', '{app: web}') + anp)).toEqual([]);
  });

  it('stays quiet when a policy selects the workload in either direction', () => {
    expect(runSetRule(workloadNotSelected, deployment('shop', 'web', '{app: web}') + netpol('shop', 'all', 'podSelector: {}'))).toEqual([]);
    expect(runSetRule(workloadNotSelected, deployment('shop', 'web', '{app: web}') + netpol('shop', 'eg', 'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]'))).toEqual([]);
  });
});
