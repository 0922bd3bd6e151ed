import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { seLinuxOptions } from './selinux-options.js';

describe('k8s/pss-selinux-options', () => {
  it('reports a forbidden type, user and role at each field', () => {
    const hits = runRule(seLinuxOptions, pod(`
      securityContext:
        seLinuxOptions: {type: spc_t}
      containers:
        - name: app
          securityContext:
            seLinuxOptions: {user: system_u, role: system_r, type: container_t}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.securityContext.seLinuxOptions.type',
      'spec.containers[0].securityContext.seLinuxOptions.user',
      'spec.containers[0].securityContext.seLinuxOptions.role',
    ]);
    expect(hits[0]!.message).toBe('pod must not set securityContext.seLinuxOptions.type to "spc_t"');
  });

  it('allows container_engine_t only from v1.31', () => {
    const engine = pod('containers:\n  - name: app\n    securityContext: {seLinuxOptions: {type: container_engine_t}}');
    expect(runRule(seLinuxOptions, engine, atVersion(30, 'baseline'))).toHaveLength(1);
    expect(runRule(seLinuxOptions, engine, atVersion(31, 'baseline'))).toEqual([]);
  });

  it('checks init containers in templates', () => {
    const hits = runRule(seLinuxOptions, deployment(`
      initContainers:
        - name: init
          securityContext: {seLinuxOptions: {type: unconfined_t}}
      containers: [{name: app}]
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.initContainers[0].securityContext.seLinuxOptions.type']);
  });

  it('stays quiet for allowed types and a level alone', () => {
    expect(runRule(seLinuxOptions, pod(`
      securityContext:
        seLinuxOptions: {level: "s0:c123,c456"}
      containers:
        - name: a
          securityContext: {seLinuxOptions: {type: container_init_t, user: ""}}
        - name: b
          securityContext: {seLinuxOptions: {type: container_kvm_t}}
    `))).toEqual([]);
  });
});
