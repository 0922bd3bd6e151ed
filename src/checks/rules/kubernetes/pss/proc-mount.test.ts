import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { procMount } from './proc-mount.js';

const USER_NAMESPACE_UNMASKED = pod(`
  hostUsers: false
  containers:
    - name: app
      securityContext: {procMount: Unmasked}
`);

describe('k8s/pss-proc-mount', () => {
  it('reports an Unmasked procMount at the field', () => {
    const hits = runRule(procMount, pod('containers:\n  - name: app\n    securityContext: {procMount: Unmasked}'));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.containers[0].securityContext.procMount');
    expect(hits[0]!.message).toBe('container "app" must not set securityContext.procMount to "Unmasked"');
  });

  it('relaxes for hostUsers: false pods from v1.35 only', () => {
    expect(runRule(procMount, USER_NAMESPACE_UNMASKED, atVersion(34, 'baseline'))).toHaveLength(1);
    expect(runRule(procMount, USER_NAMESPACE_UNMASKED, atVersion(35, 'baseline'))).toEqual([]);
  });

  it('checks init and ephemeral containers in templates', () => {
    const hits = runRule(procMount, deployment(`
      initContainers:
        - name: init
          securityContext: {procMount: Unmasked}
      containers: [{name: app}]
      ephemeralContainers:
        - name: debug
          securityContext: {procMount: Unmasked}
    `));
    expect(hits).toHaveLength(2);
  });

  it('stays quiet for Default or unset', () => {
    expect(runRule(procMount, pod(`
      containers:
        - name: a
          securityContext: {procMount: Default}
        - name: b
    `))).toEqual([]);
  });
});
