import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { privileged } from './privileged.js';

describe('k8s/pss-privileged', () => {
  it('fires on a privileged container, at the privileged line', () => {
    const hits = runRule(privileged, pod(`
      containers:
        - name: app
          image: nginx
          securityContext:
            privileged: true
    `));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.containers[0].securityContext.privileged');
    expect(hits[0]!.line).toBe(11);
  });

  it('fires on init and ephemeral containers inside workload templates', () => {
    const hits = runRule(privileged, deployment(`
      initContainers:
        - name: init
          securityContext: {privileged: true}
      containers:
        - name: app
      ephemeralContainers:
        - name: debug
          securityContext: {privileged: true}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.template.spec.initContainers[0].securityContext.privileged',
      'spec.template.spec.ephemeralContainers[0].securityContext.privileged',
    ]);
  });

  it('stays quiet for false, absent or non-boolean values', () => {
    expect(runRule(privileged, pod(`
      containers:
        - name: a
          securityContext: {privileged: false}
        - name: b
        - name: c
          securityContext: {privileged: "true"}
    `))).toEqual([]);
  });

  it('offers a fix that sets privileged to false', () => {
    const [hit] = runRule(privileged, pod(`
      containers:
        - name: app
          securityContext: {privileged: true}
    `));
    expect(hit!.fix).toEqual({
      kind: 'object-patch',
      description: 'set privileged to false',
      ops: [{ op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'privileged'], value: false }],
    });
  });
});
