import { describe, expect, it } from 'vitest';
import { selectsNothing } from './selects-nothing.js';
import { deployment, netpol, runSetRule } from './testdata/run.js';

describe('k8s/netpol-selects-nothing', () => {
  it('fires at the podSelector of a policy whose labels match no workload of its namespace', () => {
    const hits = runSetRule(selectsNothing, deployment('shop', 'web', '{app: web}') + netpol('shop', 'typo', 'podSelector: {matchLabels: {app: wbe}}'));
    expect(hits).toEqual([expect.objectContaining({ kind: 'NetworkPolicy', fieldPath: 'spec.podSelector' })]);
    expect(hits[0]!.message).toBe('NetworkPolicy "typo" (namespace "shop") selects none of the 1 workload(s) of its namespace');
  });

  it('stays quiet when it selects a workload, or when the input has no workloads in that namespace', () => {
    expect(runSetRule(selectsNothing, deployment('shop', 'web', '{app: web}') + netpol('shop', 'web', 'podSelector: {matchLabels: {app: web}}'))).toEqual([]);
    expect(runSetRule(selectsNothing, deployment('shop', 'web', '{app: web}') + netpol('other', 'x', 'podSelector: {matchLabels: {app: x}}'))).toEqual([]);
  });
});
