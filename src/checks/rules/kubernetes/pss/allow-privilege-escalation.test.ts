import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion, cronJob } from '../../../../testing/kubernetes.js';
import { allowPrivilegeEscalation } from './allow-privilege-escalation.js';

const WINDOWS = pod('os: {name: windows}\ncontainers:\n  - name: app');

describe('k8s/pss-allow-privilege-escalation', () => {
  it('reports a container that sets true, at the field, with a fix to false', () => {
    const hits = runRule(allowPrivilegeEscalation, deployment(`
      containers:
        - name: web
          securityContext: {allowPrivilegeEscalation: false}
        - name: app
          securityContext: {allowPrivilegeEscalation: true}
    `));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.template.spec.containers[1].securityContext.allowPrivilegeEscalation');
    expect(hits[0]!.message).toBe('container "app" must set securityContext.allowPrivilegeEscalation=false');
    expect(hits[0]!.fix).toEqual({
      kind: 'object-patch',
      description: 'set allowPrivilegeEscalation to false',
      ops: [{ op: 'replace', path: ['spec', 'template', 'spec', 'containers', 1, 'securityContext', 'allowPrivilegeEscalation'], value: false }],
    });
  });

  it('reports an unset field where it belongs, with an add fix, in init and ephemeral containers too', () => {
    const hits = runRule(allowPrivilegeEscalation, cronJob(`
      initContainers:
        - name: init
      containers:
        - name: job
          securityContext: {allowPrivilegeEscalation: false}
      ephemeralContainers:
        - name: debug
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation',
      'spec.jobTemplate.spec.template.spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
    ]);
    expect(hits[0]!.fix?.kind === 'object-patch' && hits[0]!.fix.ops[0]!.op).toBe('add');
  });

  it('offers no fix where API validation would reject false: privileged or SYS_ADMIN containers', () => {
    const hits = runRule(allowPrivilegeEscalation, pod(`
      containers:
        - name: priv
          securityContext: {privileged: true}
        - name: admin
          securityContext: {capabilities: {add: [SYS_ADMIN]}}
    `));
    expect(hits).toHaveLength(2);
    expect(hits.map((h) => h.fix)).toEqual([undefined, undefined]);
  });

  it('exempts Windows pods from v1.25, not before', () => {
    expect(runRule(allowPrivilegeEscalation, WINDOWS, atVersion(24))).toHaveLength(1);
    expect(runRule(allowPrivilegeEscalation, WINDOWS, atVersion(25))).toEqual([]);
  });

  it('does not exist before v1.8', () => {
    expect(allowPrivilegeEscalation.pss?.versionFor({ major: 1, minor: 7 })).toBeUndefined();
    expect(runRule(allowPrivilegeEscalation, pod('containers: [{name: app}]'), atVersion(7))).toEqual([]);
  });

  it('stays quiet when every container sets false', () => {
    expect(runRule(allowPrivilegeEscalation, pod(`
      initContainers:
        - name: init
          securityContext: {allowPrivilegeEscalation: false}
      containers:
        - name: app
          securityContext: {allowPrivilegeEscalation: false}
    `))).toEqual([]);
  });
});
