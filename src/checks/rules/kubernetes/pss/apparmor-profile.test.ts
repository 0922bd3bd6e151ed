import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { appArmorProfile } from './apparmor-profile.js';

describe('k8s/pss-apparmor-profile', () => {
  it('reports Unconfined profile fields at pod and container level', () => {
    const hits = runRule(appArmorProfile, pod(`
      securityContext:
        appArmorProfile: {type: Unconfined}
      containers:
        - name: app
          securityContext:
            appArmorProfile: {type: Unconfined}
        - name: ok
          securityContext:
            appArmorProfile: {type: Localhost, localhostProfile: k8s-nginx}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.securityContext.appArmorProfile.type',
      'spec.containers[0].securityContext.appArmorProfile.type',
    ]);
    expect(hits[1]!.message).toBe('container "app" must not set AppArmor profile type to "Unconfined"');
  });

  it('reports unconfined beta annotations at the annotation key', () => {
    const hits = runRule(
      appArmorProfile,
      pod(
        'containers:\n  - name: app\n  - name: side',
        'annotations:\n  container.apparmor.security.beta.kubernetes.io/app: unconfined\n  container.apparmor.security.beta.kubernetes.io/side: runtime/default',
      ),
    );
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]');
    expect(hits[0]!.line).toBe(7);
  });

  it('checks fields at every pinned version, as upstream patched them into v1.0', () => {
    const unconfined = pod('containers:\n  - name: app\n    securityContext: {appArmorProfile: {type: Unconfined}}');
    expect(runRule(appArmorProfile, unconfined, atVersion(22, 'baseline'))).toHaveLength(1);
  });

  it('checks ephemeral containers in templates', () => {
    const hits = runRule(appArmorProfile, deployment(`
      containers: [{name: app}]
      ephemeralContainers:
        - name: debug
          securityContext: {appArmorProfile: {type: Unconfined}}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.ephemeralContainers[0].securityContext.appArmorProfile.type']);
  });

  it('stays quiet for RuntimeDefault, Localhost and allowed annotation values', () => {
    expect(
      runRule(
        appArmorProfile,
        pod(
          'securityContext: {appArmorProfile: {type: RuntimeDefault}}\ncontainers:\n  - name: a\n  - name: b\n  - name: c',
          'annotations:\n  container.apparmor.security.beta.kubernetes.io/a: localhost/custom\n  container.apparmor.security.beta.kubernetes.io/b: ""\n  other.example.com/c: unconfined',
        ),
      ),
    ).toEqual([]);
  });
});
