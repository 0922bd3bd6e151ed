import { describe, expect, it } from 'vitest';
import { docs, namespace, peerAuthentication, workload } from '../../../analysis/mesh/testdata/builders.js';
import { meshPeerAuthenticationDisabled } from './peer-authentication-disabled.js';
import { meshPeerAuthenticationPermissive } from './peer-authentication-permissive.js';
import { runSetRule } from './testdata/run-set-rule.js';

const APP = docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app'), workload('api', 'app'));

describe('k8s/mesh-peer-authentication-permissive', () => {
  it('fires on a mesh-wide PERMISSIVE policy at spec.mtls.mode, naming the workloads that inherit it', () => {
    const hits = runSetRule(meshPeerAuthenticationPermissive, docs(APP, peerAuthentication('default', 'istio-system', 'PERMISSIVE')));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.mtls.mode');
    expect(hits[0]!.message).toBe(
      'mesh-wide PeerAuthentication istio-system/default sets mtls.mode PERMISSIVE: sidecars also accept plaintext from clients without a mesh identity; applies to Deployment app/web, Deployment app/api',
    );
  });

  it('names only the workloads a more specific policy does not override', () => {
    const hits = runSetRule(meshPeerAuthenticationPermissive, docs(APP, peerAuthentication('default', 'app', 'PERMISSIVE'), peerAuthentication('web', 'app', 'STRICT', '{app: web}')));
    expect(hits.map((h) => h.message)).toEqual([expect.stringMatching(/namespace-wide PeerAuthentication app\/default .*applies to Deployment app\/api$/)]);
  });

  it('fires on a port-level PERMISSIVE of a workload policy', () => {
    const hits = runSetRule(meshPeerAuthenticationPermissive, docs(APP, peerAuthentication('web', 'app', 'STRICT', '{app: web}', '  portLevelMtls:\n    "8080": {mode: PERMISSIVE}')));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.portLevelMtls["8080"].mode']);
  });

  it('says when no workload in the input takes its mode from the policy', () => {
    const hits = runSetRule(meshPeerAuthenticationPermissive, peerAuthentication('default', 'other', 'PERMISSIVE'));
    expect(hits[0]!.message).toContain('no meshed workload in the input takes its mode from it');
  });

  it('stays quiet for STRICT, UNSET, and port settings Istio ignores', () => {
    expect(runSetRule(meshPeerAuthenticationPermissive, docs(APP, peerAuthentication('default', 'istio-system', 'STRICT'), peerAuthentication('default', 'app', 'UNSET')))).toEqual([]);
    expect(runSetRule(meshPeerAuthenticationPermissive, docs(APP, peerAuthentication('default', 'app', 'STRICT', undefined, '  portLevelMtls:\n    "8080": {mode: PERMISSIVE}')))).toEqual([]);
  });
});

describe('k8s/mesh-peer-authentication-disabled', () => {
  it('fires on DISABLE at mesh, namespace and workload level', () => {
    const hits = runSetRule(
      meshPeerAuthenticationDisabled,
      docs(APP, peerAuthentication('default', 'istio-system', 'DISABLE'), peerAuthentication('default', 'app', 'DISABLE'), peerAuthentication('web', 'app', 'DISABLE', '{app: web}')),
    );
    expect(hits.map((h) => [h.name, h.message.slice(0, h.message.indexOf(' sets'))])).toEqual([
      ['default', 'mesh-wide PeerAuthentication istio-system/default'],
      ['default', 'namespace-wide PeerAuthentication app/default'],
      ['web', 'workload PeerAuthentication app/web'],
    ]);
  });

  it('fires on a port-level DISABLE under a STRICT workload policy', () => {
    const hits = runSetRule(meshPeerAuthenticationDisabled, docs(APP, peerAuthentication('web', 'app', 'STRICT', '{app: web}', '  portLevelMtls:\n    "8080": {mode: DISABLE}')));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.message).toContain('portLevelMtls 8080 mode DISABLE');
    expect(hits[0]!.message).toContain('applies to Deployment app/web');
  });

  it('stays quiet for PERMISSIVE and STRICT, and for selector policies in the root namespace', () => {
    expect(runSetRule(meshPeerAuthenticationDisabled, docs(APP, peerAuthentication('default', 'app', 'PERMISSIVE'), peerAuthentication('web', 'app', 'STRICT', '{app: web}')))).toEqual([]);
    expect(runSetRule(meshPeerAuthenticationDisabled, docs(APP, peerAuthentication('web', 'istio-system', 'DISABLE', '{app: web}')))).toEqual([]);
  });
});
