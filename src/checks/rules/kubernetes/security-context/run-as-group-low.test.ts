import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { runAsGroupLow } from './run-as-group-low.js';

describe('k8s/run-as-group-low', () => {
  it('reports low GIDs, including 0, at container and pod level', () => {
    const hits = runRule(runAsGroupLow, deployment(`
      securityContext: {runAsGroup: 0}
      containers:
        - name: app
        - name: web
          securityContext: {runAsGroup: 3000}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[1].securityContext.runAsGroup', 'container "web" sets runAsGroup to 3000, below 10000'],
      ['spec.template.spec.securityContext.runAsGroup', 'pod securityContext sets runAsGroup to 0, below 10000, for container "app"'],
    ]);
  });

  it('stays quiet for high or unset GIDs', () => {
    expect(runRule(runAsGroupLow, pod(`
      securityContext: {runAsGroup: 10001}
      containers:
        - name: a
        - name: b
          securityContext: {runAsUser: 1000}
    `))).toEqual([]);
  });
});
