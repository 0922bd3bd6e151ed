import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { seccompProfileBaseline } from './seccomp-profile-baseline.js';

const UNCONFINED_FIELDS = pod(`
  securityContext:
    seccompProfile: {type: Unconfined}
  containers:
    - name: app
      securityContext:
        seccompProfile: {type: Unconfined}
`);

const UNCONFINED_ANNOTATIONS = pod(
  'containers:\n  - name: app\n  - name: ok',
  [
    'annotations:',
    '  seccomp.security.alpha.kubernetes.io/pod: unconfined',
    '  container.seccomp.security.alpha.kubernetes.io/app: unconfined',
    '  container.seccomp.security.alpha.kubernetes.io/ok: docker/default',
    '  container.seccomp.security.alpha.kubernetes.io/gone: unconfined',
  ].join('\n'),
);

describe('k8s/pss-seccomp-profile-baseline', () => {
  it('reports Unconfined fields from v1.19, at pod and container level', () => {
    const hits = runRule(seccompProfileBaseline, UNCONFINED_FIELDS, atVersion(19, 'baseline'));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.securityContext.seccompProfile.type',
      'spec.containers[0].securityContext.seccompProfile.type',
    ]);
    expect(hits[1]!.message).toBe('container "app" must not set securityContext.seccompProfile.type to "Unconfined"');
  });

  it('checks only annotations before v1.19, and only fields from v1.19', () => {
    expect(runRule(seccompProfileBaseline, UNCONFINED_FIELDS, atVersion(18, 'baseline'))).toEqual([]);
    const hits = runRule(seccompProfileBaseline, UNCONFINED_ANNOTATIONS, atVersion(18, 'baseline'));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'metadata.annotations["seccomp.security.alpha.kubernetes.io/pod"]',
      'metadata.annotations["container.seccomp.security.alpha.kubernetes.io/app"]',
    ]);
    expect(hits[0]!.message).toBe('forbidden annotation seccomp.security.alpha.kubernetes.io/pod="unconfined"');
    expect(runRule(seccompProfileBaseline, UNCONFINED_ANNOTATIONS, atVersion(19, 'baseline'))).toEqual([]);
  });

  it('checks init containers in templates', () => {
    const hits = runRule(seccompProfileBaseline, deployment(`
      initContainers:
        - name: init
          securityContext: {seccompProfile: {type: Unconfined}}
      containers: [{name: app}]
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.initContainers[0].securityContext.seccompProfile.type']);
  });

  it('stays quiet for RuntimeDefault, Localhost or unset', () => {
    expect(runRule(seccompProfileBaseline, pod(`
      securityContext: {seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: a
          securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}}
        - name: b
    `))).toEqual([]);
  });
});
