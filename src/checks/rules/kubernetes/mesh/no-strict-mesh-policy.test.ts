import { describe, expect, it } from 'vitest';
import { docs, namespace, peerAuthentication, workload } from '../../../analysis/mesh/testdata/builders.js';
import { meshNoStrictMtlsPolicy } from './no-strict-mesh-policy.js';
import { runSetRule } from './testdata/run-set-rule.js';

const APP = docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app'));

describe('k8s/mesh-no-strict-mtls-policy', () => {
  it('fires once, at the first Istio evidence, naming the workloads on the PERMISSIVE default', () => {
    const hits = runSetRule(meshNoStrictMtlsPolicy, APP);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('metadata.labels.istio-injection');
    expect(hits[0]!.message).toBe(
      'Istio is in use (namespace app label istio-injection=enabled) but no mesh-wide PeerAuthentication exists in root namespace istio-system: Deployment app/web falls back to PERMISSIVE',
    );
  });

  it('fires at a mesh-wide policy that leaves the mode UNSET', () => {
    const hits = runSetRule(meshNoStrictMtlsPolicy, docs(APP, peerAuthentication('default', 'istio-system', undefined)));
    expect(hits.map((h) => [h.kind, h.fieldPath])).toEqual([['PeerAuthentication', 'spec.mtls.mode']]);
  });

  it('stays quiet with a mesh-wide STRICT policy, or an explicit mode left to the other rules', () => {
    expect(runSetRule(meshNoStrictMtlsPolicy, docs(APP, peerAuthentication('default', 'istio-system', 'STRICT')))).toEqual([]);
    expect(runSetRule(meshNoStrictMtlsPolicy, docs(APP, peerAuthentication('default', 'istio-system', 'PERMISSIVE')))).toEqual([]);
  });

  it('stays quiet without Istio (no mesh, or Linkerd only)', () => {
    expect(runSetRule(meshNoStrictMtlsPolicy, docs(namespace('app'), workload('web', 'app')))).toEqual([]);
    expect(runSetRule(meshNoStrictMtlsPolicy, docs(namespace('app', '{}', '{linkerd.io/inject: enabled}'), workload('web', 'app')))).toEqual([]);
  });
});
