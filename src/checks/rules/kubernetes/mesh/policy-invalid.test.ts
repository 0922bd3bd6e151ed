import { describe, expect, it } from 'vitest';
import { docs, namespace, peerAuthentication, workload } from '../../../analysis/mesh/testdata/builders.js';
import { meshPolicyInvalid } from './policy-invalid.js';
import { runSetRule } from './testdata/run-set-rule.js';

describe('k8s/mesh-policy-invalid', () => {
  it('fires on an unknown PeerAuthentication mode and port', () => {
    const hits = runSetRule(meshPolicyInvalid, peerAuthentication('web', 'app', 'strict', '{app: web}', '  portLevelMtls:\n    http: {mode: STRICT}'));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.mtls.mode', 'spec.portLevelMtls.http']);
    expect(hits[0]!.message).toContain('mode "strict" is not one of UNSET, DISABLE, PERMISSIVE, STRICT');
  });

  it('fires on portLevelMtls without selector and on a selector policy in the root namespace', () => {
    const hits = runSetRule(
      meshPolicyInvalid,
      docs(peerAuthentication('default', 'app', 'STRICT', undefined, '  portLevelMtls:\n    "80": {mode: DISABLE}'), peerAuthentication('web', 'istio-system', 'STRICT', '{app: web}')),
    );
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.portLevelMtls', 'spec.selector']);
  });

  it('fires on competing namespace-wide policies, at the later one', () => {
    const hits = runSetRule(meshPolicyInvalid, docs(peerAuthentication('a', 'app', 'STRICT'), peerAuthentication('b', 'app', 'PERMISSIVE')));
    expect(hits.map((h) => [h.name, h.fieldPath])).toEqual([['b', 'metadata.name']]);
  });

  it('fires on an unknown DestinationRule tls mode and a missing host', () => {
    const yaml = docs(
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: a, namespace: app}\nspec:\n  host: web\n  trafficPolicy: {tls: {mode: MTLS}}\n',
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: b, namespace: app}\nspec: {}\n',
    );
    expect(runSetRule(meshPolicyInvalid, yaml).map((h) => [h.name, h.fieldPath])).toEqual([
      ['a', 'spec.trafficPolicy.tls.mode'],
      ['b', 'spec.host'],
    ]);
  });

  it('fires on unknown linkerd.io/inject values on namespaces and pods', () => {
    const hits = runSetRule(meshPolicyInvalid, docs(namespace('app', '{}', '{linkerd.io/inject: "true"}'), workload('web', 'app', '{}', '{linkerd.io/inject: on}')));
    expect(hits.map((h) => h.kind)).toEqual(['Namespace', 'Deployment']);
  });

  it('stays quiet for valid policies and without a mesh', () => {
    expect(runSetRule(meshPolicyInvalid, docs(peerAuthentication('default', 'istio-system', 'STRICT'), peerAuthentication('web', 'app', 'UNSET', '{app: web}', '  portLevelMtls:\n    "8080": {mode: PERMISSIVE}')))).toEqual([]);
    expect(runSetRule(meshPolicyInvalid, docs(namespace('app'), workload('web', 'app')))).toEqual([]);
  });
});
