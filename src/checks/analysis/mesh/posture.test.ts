import { describe, expect, it } from 'vitest';
import { docs, meshObjects, namespace, peerAuthentication, workload } from './testdata/builders.js';
import { meshPosture } from './index.js';

const postureOf = (yaml: string, name = 'web') => meshPosture(meshObjects(yaml)).find((p) => p.name === name)!;

describe('meshPosture: no mesh', () => {
  it('reports every workload as outside any mesh, with n/a mTLS', () => {
    expect(meshPosture(meshObjects(docs(namespace('app'), workload('web', 'app'))))).toEqual([
      { namespace: 'app', name: 'web', kind: 'Deployment', mesh: 'none', injected: false, inboundMtls: 'n/a', reasons: ['no service mesh in the input'] },
    ]);
  });
});

describe('meshPosture: Istio injection precedence', () => {
  const cases: Array<[string, string, string, string, boolean]> = [
    // [namespace labels, pod labels, pod annotations, description, injected]
    ['{istio-injection: enabled}', '{}', '{}', 'namespace enabled', true],
    ['{istio-injection: enabled}', '{sidecar.istio.io/inject: "false"}', '{}', 'pod label false beats namespace enabled', false],
    ['{istio-injection: disabled}', '{sidecar.istio.io/inject: "true"}', '{}', 'namespace disabled beats pod label true', false],
    ['{}', '{sidecar.istio.io/inject: "true"}', '{}', 'pod label true in an unlabelled namespace', true],
    ['{}', '{}', '{sidecar.istio.io/inject: "true"}', 'legacy annotation alone selects no webhook', false],
    ['{istio-injection: enabled}', '{}', '{sidecar.istio.io/inject: "false"}', 'legacy annotation false still opts out', false],
    ['{istio-injection: enabled}', '{sidecar.istio.io/inject: "true"}', '{sidecar.istio.io/inject: "false"}', 'label beats annotation', true],
    ['{istio.io/rev: canary}', '{}', '{}', 'revision label enables', true],
    ['{istio-injection: disabled, istio.io/rev: canary}', '{}', '{}', 'istio-injection beats istio.io/rev', false],
    ['{}', '{istio.io/rev: canary}', '{}', 'pod revision label', true],
    ['{istio.io/dataplane-mode: ambient}', '{}', '{}', 'ambient namespace', true],
    ['{istio.io/dataplane-mode: ambient}', '{istio.io/dataplane-mode: none}', '{}', 'ambient opt-out', false],
  ];
  for (const [nsLabels, podLabels, podAnnotations, description, injected] of cases) {
    it(description, () => {
      const posture = postureOf(docs(namespace('app', nsLabels), workload('web', 'app', podLabels, podAnnotations)));
      expect(posture.injected).toBe(injected);
      expect(posture.mesh).toBe(injected ? 'istio' : 'none');
      expect(posture.inboundMtls).toBe(injected ? 'permissive' : 'disabled');
    });
  }

  it('never injects hostNetwork pods and says why', () => {
    const posture = postureOf(docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app', '{}', '{}', 'hostNetwork: true')));
    expect(posture.injected).toBe(false);
    expect(posture.reasons).toContain('hostNetwork pods are never injected');
  });

  it('counts a pod that already carries istio-proxy (cluster dump) as injected, and skips pods owned by an input workload', () => {
    const yaml = docs(
      namespace('app'),
      peerAuthentication('default', 'istio-system', 'STRICT'),
      workload('web', 'app'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-abc\n  namespace: app\n  ownerReferences: [{kind: Deployment, name: web, controller: true}]\nspec:\n  containers: [{name: app}, {name: istio-proxy}]\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n  namespace: app\nspec:\n  containers: [{name: app}, {name: istio-proxy}]\n',
    );
    expect(meshPosture(meshObjects(yaml)).map((p) => [p.name, p.injected, p.inboundMtls])).toEqual([
      ['web', false, 'disabled'],
      ['debug', true, 'strict'],
    ]);
  });
});

describe('meshPosture: PeerAuthentication precedence', () => {
  const base = docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app'), workload('api', 'app'));

  it('defaults to PERMISSIVE without any policy', () => {
    expect(postureOf(base).reasons).toContain('PERMISSIVE: no PeerAuthentication applies (Istio default)');
  });

  it('mesh STRICT < namespace PERMISSIVE < workload STRICT', () => {
    const yaml = docs(
      base,
      peerAuthentication('default', 'istio-system', 'STRICT'),
      peerAuthentication('default', 'app', 'PERMISSIVE'),
      peerAuthentication('web', 'app', 'STRICT', '{app: web}'),
    );
    expect(postureOf(yaml, 'web').inboundMtls).toBe('strict');
    expect(postureOf(yaml, 'api').inboundMtls).toBe('permissive');
  });

  it('UNSET inherits from the parent level', () => {
    const yaml = docs(base, peerAuthentication('default', 'istio-system', 'STRICT'), peerAuthentication('default', 'app', 'UNSET'), peerAuthentication('web', 'app', undefined, '{app: web}'));
    expect(postureOf(yaml, 'web').inboundMtls).toBe('strict');
  });

  it('portLevelMtls weakens a STRICT workload to the weakest port and inherits for UNSET ports', () => {
    const yaml = docs(
      base,
      peerAuthentication('web', 'app', 'STRICT', '{app: web}', '  portLevelMtls:\n    "8080": {mode: DISABLE}\n    "9090": {mode: UNSET}'),
    );
    const posture = postureOf(yaml, 'web');
    expect(posture.inboundMtls).toBe('disabled');
    expect(posture.reasons).toContain('port 8080: DISABLE from PeerAuthentication app/web');
    expect(posture.reasons).toContain('port 9090: STRICT from PeerAuthentication app/web');
  });

  it('ignores selector policies in the root namespace and rejected policies', () => {
    const yaml = docs(
      base,
      peerAuthentication('sel', 'istio-system', 'DISABLE', '{app: web}'),
      peerAuthentication('bad', 'app', 'strict'),
    );
    expect(postureOf(yaml, 'web').inboundMtls).toBe('permissive');
  });

  it('honours the root namespace configured by an IstioOperator', () => {
    const yaml = docs(
      base,
      'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: {name: istio, namespace: istio-config}\nspec:\n  meshConfig: {rootNamespace: istio-config}\n',
      peerAuthentication('default', 'istio-config', 'STRICT'),
    );
    expect(postureOf(yaml).inboundMtls).toBe('strict');
  });

  it('ignores DISABLE for ambient workloads (ztunnel always tunnels mTLS)', () => {
    const yaml = docs(namespace('app', '{istio.io/dataplane-mode: ambient}'), workload('web', 'app'), peerAuthentication('default', 'istio-system', 'STRICT'), peerAuthentication('default', 'app', 'DISABLE'));
    expect(postureOf(yaml).inboundMtls).toBe('strict');
  });

  it('marks inbound ports excluded from the sidecar as disabled', () => {
    const yaml = docs(namespace('app', '{istio-injection: enabled}'), workload('web', 'app', '{}', '{traffic.sidecar.istio.io/excludeInboundPorts: "5432"}'), peerAuthentication('default', 'istio-system', 'STRICT'));
    expect(postureOf(yaml).inboundMtls).toBe('disabled');
  });
});

describe('meshPosture: Linkerd', () => {
  const cases: Array<[string, string, boolean]> = [
    ['{linkerd.io/inject: enabled}', '{}', true],
    ['{linkerd.io/inject: enabled}', '{linkerd.io/inject: disabled}', false],
    ['{linkerd.io/inject: disabled}', '{linkerd.io/inject: enabled}', true],
    ['{}', '{linkerd.io/inject: ingress}', true],
    ['{linkerd.io/inject: ingress}', '{}', true],
    ['{}', '{}', false],
    ['{linkerd.io/inject: enabled}', '{linkerd.io/inject: yes}', false],
  ];
  for (const [nsAnnotations, podAnnotations, injected] of cases) {
    it(`namespace ${nsAnnotations} + pod ${podAnnotations} → injected ${injected}`, () => {
      const yaml = docs(namespace('app', '{}', nsAnnotations), workload('web', 'app', '{}', podAnnotations), 'apiVersion: policy.linkerd.io/v1beta1\nkind: Server\nmetadata: {name: s, namespace: app}\n');
      const posture = postureOf(yaml);
      expect([posture.mesh, posture.injected]).toEqual([injected ? 'linkerd' : 'none', injected]);
    });
  }

  it('is permissive by default and strict with an authenticated default inbound policy', () => {
    const ns = namespace('app', '{}', '{linkerd.io/inject: enabled, config.linkerd.io/default-inbound-policy: all-authenticated}');
    expect(postureOf(docs(ns, workload('web', 'app'))).inboundMtls).toBe('strict');
    expect(postureOf(docs(ns, workload('web', 'app', '{}', '{config.linkerd.io/default-inbound-policy: all-unauthenticated}'))).inboundMtls).toBe('permissive');
    expect(postureOf(docs(namespace('app', '{}', '{linkerd.io/inject: enabled}'), workload('web', 'app'))).inboundMtls).toBe('permissive');
  });

  it('skip-inbound-ports inherited from the namespace disable mTLS on those ports', () => {
    const ns = namespace('app', '{}', '{linkerd.io/inject: enabled, config.linkerd.io/skip-inbound-ports: "25"}');
    expect(postureOf(docs(ns, workload('web', 'app'))).inboundMtls).toBe('disabled');
  });

  it('does not inject pods without a service-account token', () => {
    const yaml = docs(namespace('app', '{}', '{linkerd.io/inject: enabled}'), workload('web', 'app', '{}', '{}', 'automountServiceAccountToken: false'));
    expect(postureOf(yaml).injected).toBe(false);
  });
});
