import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { runAsNonRoot } from './run-as-non-root.js';

describe('k8s/pss-run-as-non-root', () => {
  it('reports containers without runAsNonRoot where it belongs, with a container-level fix', () => {
    const hits = runRule(runAsNonRoot, deployment(`
      containers:
        - name: app
    `));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.template.spec.containers[0].securityContext.runAsNonRoot');
    expect(hits[0]!.message).toBe('pod or container "app" must set securityContext.runAsNonRoot=true');
    expect(hits[0]!.fix).toEqual({
      kind: 'object-patch',
      description: 'set runAsNonRoot to true (the image must then run as a non-root numeric USER)',
      ops: [{ op: 'add', path: ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], value: true }],
    });
  });

  it('accepts a pod-level true for every container that leaves it unset', () => {
    expect(runRule(runAsNonRoot, pod(`
      securityContext: {runAsNonRoot: true}
      initContainers: [{name: init}]
      containers: [{name: app}]
      ephemeralContainers: [{name: debug}]
    `))).toEqual([]);
  });

  it('still reports a container that sets false under a pod-level true', () => {
    const hits = runRule(runAsNonRoot, pod(`
      securityContext: {runAsNonRoot: true}
      containers:
        - name: app
        - name: root
          securityContext: {runAsNonRoot: false}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.containers[1].securityContext.runAsNonRoot', 'container "root" must not set securityContext.runAsNonRoot=false'],
    ]);
    expect(hits[0]!.fix?.kind === 'object-patch' && hits[0]!.fix.ops[0]).toMatchObject({ op: 'replace', value: true });
  });

  it('reports a pod-level false and every container it leaves uncovered', () => {
    const hits = runRule(runAsNonRoot, pod(`
      securityContext: {runAsNonRoot: false}
      initContainers: [{name: init}]
      containers:
        - name: app
          securityContext: {runAsNonRoot: true}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.securityContext.runAsNonRoot',
      'spec.initContainers[0].securityContext.runAsNonRoot',
    ]);
  });

  it('offers no fix when the container runs as UID 0, which runAsNonRoot would stop from starting', () => {
    const hits = runRule(runAsNonRoot, pod(`
      securityContext: {runAsUser: 0}
      containers:
        - name: app
    `));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fix).toBeUndefined();
  });

  it('exempts hostUsers: false pods from v1.35, not before', () => {
    const userNamespace = pod('hostUsers: false\ncontainers: [{name: app}]');
    expect(runRule(runAsNonRoot, userNamespace, atVersion(34))).toHaveLength(1);
    expect(runRule(runAsNonRoot, userNamespace, atVersion(35))).toEqual([]);
  });

  it('stays quiet when every container sets true', () => {
    expect(runRule(runAsNonRoot, pod(`
      containers:
        - name: app
          securityContext: {runAsNonRoot: true}
    `), atVersion(0))).toEqual([]);
  });
});
