import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { runAsUser } from './run-as-user.js';

const ROOT = pod(`
  securityContext: {runAsUser: 0}
  containers:
    - name: app
      securityContext: {runAsUser: 0}
`);

describe('k8s/pss-run-as-user', () => {
  it('reports runAsUser=0 at pod and container level, without a fix', () => {
    const hits = runRule(runAsUser, ROOT);
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.securityContext.runAsUser', 'spec.containers[0].securityContext.runAsUser']);
    expect(hits[1]!.message).toBe('container "app" must not set securityContext.runAsUser=0');
    expect(hits.every((h) => h.fix === undefined)).toBe(true);
  });

  it('does not exist before v1.23', () => {
    expect(runRule(runAsUser, ROOT, atVersion(22))).toEqual([]);
    expect(runRule(runAsUser, ROOT, atVersion(23))).toHaveLength(2);
  });

  it('exempts hostUsers: false pods from v1.35, not before', () => {
    const userNamespace = pod('hostUsers: false\nsecurityContext: {runAsUser: 0}\ncontainers: [{name: app}]');
    expect(runRule(runAsUser, userNamespace, atVersion(34))).toHaveLength(1);
    expect(runRule(runAsUser, userNamespace, atVersion(35))).toEqual([]);
  });

  it('checks init containers in templates', () => {
    const hits = runRule(runAsUser, deployment(`
      initContainers:
        - name: init
          securityContext: {runAsUser: 0}
      containers: [{name: app}]
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.initContainers[0].securityContext.runAsUser']);
  });

  it('stays quiet for non-zero or unset UIDs', () => {
    expect(runRule(runAsUser, pod(`
      securityContext: {runAsUser: 1000}
      containers:
        - name: a
          securityContext: {runAsUser: 10001}
        - name: b
    `))).toEqual([]);
  });
});
