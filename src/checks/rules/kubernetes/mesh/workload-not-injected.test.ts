import { describe, expect, it } from 'vitest';
import { docs, namespace, peerAuthentication, workload } from '../../../analysis/mesh/testdata/builders.js';
import { meshWorkloadNotInjected } from './workload-not-injected.js';
import { runSetRule } from './testdata/run-set-rule.js';

const STRICT_MESH = peerAuthentication('default', 'istio-system', 'STRICT');

describe('k8s/mesh-workload-not-injected', () => {
  it('fires on a workload without sidecar when mesh-wide STRICT applies to its namespace', () => {
    const hits = runSetRule(meshWorkloadNotInjected, docs(STRICT_MESH, namespace('app'), workload('web', 'app')));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.template.metadata.labels');
    expect(hits[0]!.message).toContain('mesh-wide PeerAuthentication istio-system/default requires STRICT');
  });

  it('fires on hostNetwork in an injected namespace, at hostNetwork', () => {
    const hits = runSetRule(meshWorkloadNotInjected, docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app', '{}', '{}', 'hostNetwork: true')));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.hostNetwork']);
  });

  it('fires when a pod asks for injection but its namespace disables it', () => {
    const hits = runSetRule(meshWorkloadNotInjected, docs(namespace('app', '{istio-injection: disabled}'), workload('web', 'app', '{sidecar.istio.io/inject: "true"}')));
    expect(hits.map((h) => h.message)).toEqual([expect.stringContaining('namespace app disables it')]);
  });

  it('fires on the legacy annotation alone in an unlabelled namespace', () => {
    const hits = runSetRule(meshWorkloadNotInjected, docs(namespace('app'), workload('web', 'app', '{}', '{sidecar.istio.io/inject: "true"}')));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.metadata.annotations["sidecar.istio.io/inject"]']);
  });

  it('fires when Linkerd cannot inject a pod without a service-account token', () => {
    const hits = runSetRule(meshWorkloadNotInjected, docs(namespace('app', '{}', '{linkerd.io/inject: enabled}'), workload('web', 'app', '{}', '{}', 'automountServiceAccountToken: false')));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.automountServiceAccountToken']);
  });

  it('stays quiet when the namespace has a PERMISSIVE override, when injected, in system namespaces, or with unknown namespaces', () => {
    expect(runSetRule(meshWorkloadNotInjected, docs(STRICT_MESH, namespace('app'), peerAuthentication('default', 'app', 'PERMISSIVE'), workload('web', 'app')))).toEqual([]);
    expect(runSetRule(meshWorkloadNotInjected, docs(STRICT_MESH, namespace('app', '{istio-injection: enabled}'), workload('web', 'app')))).toEqual([]);
    expect(runSetRule(meshWorkloadNotInjected, docs(STRICT_MESH, namespace('kube-system'), workload('dns', 'kube-system')))).toEqual([]);
    expect(runSetRule(meshWorkloadNotInjected, docs(STRICT_MESH, workload('web', 'app')))).toEqual([]);
  });

  it('leaves explicit opt-outs to k8s/mesh-injection-opt-out and stays quiet without a mesh', () => {
    expect(runSetRule(meshWorkloadNotInjected, docs(STRICT_MESH, namespace('app', '{istio-injection: enabled}'), workload('web', 'app', '{sidecar.istio.io/inject: "false"}')))).toEqual([]);
    expect(runSetRule(meshWorkloadNotInjected, docs(namespace('app'), workload('web', 'app', '{}', '{}', 'hostNetwork: true')))).toEqual([]);
  });
});
