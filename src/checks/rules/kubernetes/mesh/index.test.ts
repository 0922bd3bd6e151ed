import { describe, expect, it } from 'vitest';
import { docs, namespace, service, workload } from '../../../analysis/mesh/testdata/builders.js';
import { meshRules } from './index.js';
import { runSetRule } from './testdata/run-set-rule.js';

describe('meshRules', () => {
  it('have unique k8s/mesh- IDs and complete metadata', () => {
    const ids = meshRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { meta } of meshRules) {
      expect(meta.id).toMatch(/^k8s\/mesh-[a-z-]+$/);
      expect(meta.rationale.length).toBeGreaterThan(50);
      expect(meta.remediation).toContain('```yaml');
    }
  });

  it('stay silent when the input shows no mesh, however plaintext-looking it is', () => {
    const yaml = docs(
      namespace('app'),
      workload('web', 'app', '{}', '{traffic.sidecar.istio.io/excludeInboundPorts: "80"}', 'hostNetwork: true'),
      service('web', 'app'),
    );
    for (const rule of meshRules) expect(runSetRule(rule, yaml), rule.meta.id).toEqual([]);
  });

  it('survive type-confused mesh objects without throwing', () => {
    const yaml = docs(
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: x, namespace: app}\nspec: {selector: [a], mtls: STRICT, portLevelMtls: [1]}\n',
      'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: y, namespace: app}\nspec: {host: 7, subsets: {a: 1}, trafficPolicy: {tls: [1], portLevelSettings: {}}}\n',
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: app, labels: [istio-injection], annotations: 3}\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w, namespace: app, ownerReferences: 5}\nspec: {template: {metadata: {labels: "x"}, spec: {containers: [{name: istio-proxy}], hostNetwork: "yes"}}}\n',
    );
    for (const rule of meshRules) expect(() => runSetRule(rule, yaml), rule.meta.id).not.toThrow();
  });
});
