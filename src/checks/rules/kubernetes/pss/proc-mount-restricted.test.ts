import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { procMount } from './proc-mount.js';
import { procMountRestricted } from './proc-mount-restricted.js';

const USER_NAMESPACE_UNMASKED = pod(`
  hostUsers: false
  containers:
    - name: app
      securityContext: {procMount: Unmasked}
`);

describe('k8s/pss-proc-mount-restricted', () => {
  it('keeps forbidding Unmasked for hostUsers: false pods', () => {
    const hits = runRule(procMountRestricted, USER_NAMESPACE_UNMASKED, atVersion(35));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.containers[0].securityContext.procMount', 'container "app" must not set securityContext.procMount to "Unmasked"'],
    ]);
  });

  it('exists from v1.35 only, where it supersedes the relaxed baseline check', () => {
    expect(runRule(procMountRestricted, USER_NAMESPACE_UNMASKED, atVersion(34))).toEqual([]);
    expect(procMountRestricted.pss?.versionFor({ major: 1, minor: 35 })?.overrides).toEqual([procMount.meta.id]);
  });

  it('checks init containers in templates', () => {
    const hits = runRule(procMountRestricted, deployment(`
      initContainers:
        - name: init
          securityContext: {procMount: Unmasked}
      containers: [{name: app}]
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.initContainers[0].securityContext.procMount']);
  });

  it('stays quiet for Default or unset', () => {
    expect(runRule(procMountRestricted, pod(`
      hostUsers: false
      containers:
        - name: a
          securityContext: {procMount: Default}
        - name: b
    `))).toEqual([]);
  });
});
