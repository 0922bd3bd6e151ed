import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { memoryRequestsMissing } from './memory-requests-missing.js';

describe('k8s/memory-requests-missing', () => {
  it('fires on containers without a memory request or limit', () => {
    const hits = runRule(memoryRequestsMissing, deployment(`
      containers:
        - name: app
          resources: {requests: {cpu: 100m}}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].resources.requests.memory', 'container "app" has no memory request'],
    ]);
  });

  it('stays quiet when the memory limit supplies the request', () => {
    expect(runRule(memoryRequestsMissing, pod(`
      initContainers:
        - name: init
          resources: {limits: {memory: 64Mi}}
      containers:
        - name: app
          resources: {requests: {memory: 128Mi}}
    `))).toEqual([]);
  });
});
