import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { runAsUserLow } from './run-as-user-low.js';

describe('k8s/run-as-user-low', () => {
  it('reports explicit low container UIDs and a low pod UID once, naming the inheriting containers', () => {
    const hits = runRule(runAsUserLow, deployment(`
      securityContext: {runAsUser: 1000}
      initContainers:
        - name: init
      containers:
        - name: app
        - name: override-low
          securityContext: {runAsUser: 999}
        - name: override-high
          securityContext: {runAsUser: 10001}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[1].securityContext.runAsUser', 'container "override-low" sets runAsUser to 999, below 10000'],
      [
        'spec.template.spec.securityContext.runAsUser',
        'pod securityContext sets runAsUser to 1000, below 10000, for containers "app", "init"',
      ],
    ]);
  });

  it('stays quiet for high UIDs, 10000 itself, unset UIDs, UID 0 (left to PSS) and Windows pods', () => {
    expect(runRule(runAsUserLow, pod(`
      securityContext: {runAsUser: 10000}
      containers:
        - name: a
        - name: b
          securityContext: {runAsUser: 0}
    `))).toEqual([]);
    expect(runRule(runAsUserLow, pod(`
      containers:
        - name: a
    `))).toEqual([]);
    expect(runRule(runAsUserLow, pod(`
      securityContext: {runAsUser: 0}
      containers:
        - name: a
    `))).toEqual([]);
    expect(runRule(runAsUserLow, pod(`
      os: {name: windows}
      containers:
        - name: a
          securityContext: {runAsUser: 1000}
    `))).toEqual([]);
  });

  it('does not report a low pod UID that every container overrides', () => {
    expect(runRule(runAsUserLow, pod(`
      securityContext: {runAsUser: 1000}
      containers:
        - name: a
          securityContext: {runAsUser: 20000}
    `))).toEqual([]);
  });
});
