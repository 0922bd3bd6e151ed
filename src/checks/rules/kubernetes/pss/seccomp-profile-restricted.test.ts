import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion, cronJob } from '../../../../testing/kubernetes.js';
import { seccompProfileBaseline } from './seccomp-profile-baseline.js';
import { seccompProfileRestricted } from './seccomp-profile-restricted.js';

const UNSET = pod('containers: [{name: app}]');

describe('k8s/pss-seccomp-profile-restricted', () => {
  it('reports a container left unset where the field belongs, with a pod-level RuntimeDefault fix', () => {
    const hits = runRule(seccompProfileRestricted, deployment('containers: [{name: app}]'));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.template.spec.containers[0].securityContext.seccompProfile.type');
    expect(hits[0]!.message).toBe('pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"');
    expect(hits[0]!.fix).toEqual({
      kind: 'object-patch',
      description: 'set the pod seccomp profile to RuntimeDefault',
      ops: [{ op: 'add', path: ['spec', 'template', 'spec', 'securityContext', 'seccompProfile', 'type'], value: 'RuntimeDefault' }],
    });
  });

  it('accepts a pod-level profile for containers that leave it unset', () => {
    expect(runRule(seccompProfileRestricted, cronJob(`
      securityContext:
        seccompProfile: {type: RuntimeDefault}
      initContainers: [{name: init}]
      containers: [{name: job}]
    `))).toEqual([]);
  });

  it('reports a container that sets Unconfined under a valid pod profile, fixing it at the container', () => {
    const hits = runRule(seccompProfileRestricted, pod(`
      securityContext:
        seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
      containers:
        - name: app
          securityContext:
            seccompProfile: {type: Unconfined}
    `));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.containers[0].securityContext.seccompProfile.type');
    expect(hits[0]!.message).toBe('container "app" must not set securityContext.seccompProfile.type to "Unconfined"');
    expect(hits[0]!.fix?.kind === 'object-patch' && hits[0]!.fix.ops).toEqual([
      { op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'seccompProfile', 'type'], value: 'RuntimeDefault' },
    ]);
  });

  it('reports a pod-level Unconfined and the containers it leaves uncovered, without overriding the pod choice', () => {
    const hits = runRule(seccompProfileRestricted, pod(`
      securityContext:
        seccompProfile: {type: Unconfined}
      containers:
        - name: app
        - name: ok
          securityContext: {seccompProfile: {type: RuntimeDefault}}
      ephemeralContainers:
        - name: debug
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.securityContext.seccompProfile.type',
      'spec.containers[0].securityContext.seccompProfile.type',
      'spec.ephemeralContainers[0].securityContext.seccompProfile.type',
    ]);
    expect(hits.map((h) => h.fix)).toEqual([undefined, undefined, undefined]);
  });

  it('does not exist before v1.19, and supersedes the baseline check from then on', () => {
    expect(runRule(seccompProfileRestricted, UNSET, atVersion(18))).toEqual([]);
    expect(runRule(seccompProfileRestricted, UNSET, atVersion(19))).toHaveLength(1);
    for (const minor of [19, 25]) {
      expect(seccompProfileRestricted.pss?.versionFor({ major: 1, minor })?.overrides).toEqual([seccompProfileBaseline.meta.id]);
    }
  });

  it('exempts Windows pods from v1.25, not before', () => {
    const windows = pod('os: {name: windows}\ncontainers: [{name: app}]');
    expect(runRule(seccompProfileRestricted, windows, atVersion(24))).toHaveLength(1);
    expect(runRule(seccompProfileRestricted, windows, atVersion(25))).toEqual([]);
  });

  it('stays quiet when every container sets an allowed profile', () => {
    expect(runRule(seccompProfileRestricted, pod(`
      containers:
        - name: a
          securityContext: {seccompProfile: {type: RuntimeDefault}}
        - name: b
          securityContext: {seccompProfile: {type: Localhost, localhostProfile: profiles/b.json}}
    `))).toEqual([]);
  });
});
