import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { memoryLimitMissing } from './memory-limit-missing.js';

describe('k8s/memory-limit-missing', () => {
  it('fires when only a request is set, or the limit is zero, including init containers', () => {
    const hits = runRule(memoryLimitMissing, deployment(`
      initContainers:
        - name: init
          resources: {limits: {memory: 0}}
      containers:
        - name: app
          resources: {requests: {memory: 128Mi}}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].resources.limits.memory', 'container "app" has no memory limit'],
      ['spec.template.spec.initContainers[0].resources.limits.memory', 'container "init" sets its memory limit to 0'],
    ]);
  });

  it('stays quiet with container or pod-level limits, and for ephemeral containers', () => {
    expect(runRule(memoryLimitMissing, pod(`
      containers:
        - name: app
          resources: {limits: {memory: 128Mi}}
      ephemeralContainers:
        - name: debug
    `))).toEqual([]);
    expect(runRule(memoryLimitMissing, pod(`
      resources: {limits: {memory: 1Gi}}
      containers:
        - name: app
    `))).toEqual([]);
  });

  it('does not accept a pod-level request in place of a limit', () => {
    expect(runRule(memoryLimitMissing, pod(`
      resources: {requests: {memory: 1Gi}}
      containers:
        - name: app
    `))).toHaveLength(1);
  });
});
