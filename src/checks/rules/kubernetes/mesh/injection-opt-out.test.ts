import { describe, expect, it } from 'vitest';
import { docs, namespace, workload } from '../../../analysis/mesh/testdata/builders.js';
import { meshInjectionOptOut } from './injection-opt-out.js';
import { runSetRule } from './testdata/run-set-rule.js';

describe('k8s/mesh-injection-opt-out', () => {
  it('fires on an Istio pod label "false" in an injected namespace, at the label', () => {
    const hits = runSetRule(meshInjectionOptOut, docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app', '{sidecar.istio.io/inject: "false"}')));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.template.metadata.labels["sidecar.istio.io/inject"]');
    expect(hits[0]!.line).toBe(16);
    expect(hits[0]!.message).toContain('Deployment app/web opts out of Istio sidecar injection');
    expect(hits[0]!.message).toContain('namespace app enables injection');
  });

  it('fires on a Linkerd pod annotation disabled in an injected namespace', () => {
    const hits = runSetRule(meshInjectionOptOut, docs(namespace('app', '{}', '{linkerd.io/inject: enabled}'), workload('web', 'app', '{}', '{linkerd.io/inject: disabled}')));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.metadata.annotations["linkerd.io/inject"]']);
  });

  it('fires when the namespace is not in the input, and says so', () => {
    const hits = runSetRule(meshInjectionOptOut, workload('web', 'app', '{sidecar.istio.io/inject: "false"}'));
    expect(hits.map((h) => h.message)).toEqual([expect.stringContaining('namespace app is not in the input')]);
  });

  it('stays quiet for a redundant opt-out in a namespace that does not inject', () => {
    expect(runSetRule(meshInjectionOptOut, docs(namespace('app', '{istio-injection: disabled}'), workload('web', 'app', '{sidecar.istio.io/inject: "false"}')))).toEqual([]);
    expect(runSetRule(meshInjectionOptOut, docs(namespace('app'), workload('web', 'app', '{}', '{linkerd.io/inject: disabled}')))).toEqual([]);
  });

  it('stays quiet for injected workloads and without any mesh', () => {
    expect(runSetRule(meshInjectionOptOut, docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app')))).toEqual([]);
    expect(runSetRule(meshInjectionOptOut, docs(namespace('app'), workload('web', 'app')))).toEqual([]);
  });
});
