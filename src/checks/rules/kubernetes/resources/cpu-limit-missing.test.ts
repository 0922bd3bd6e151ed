import { describe, expect, it } from 'vitest';
import { pod, runRule } from '../../../../testing/kubernetes.js';
import { cpuLimitMissing } from './cpu-limit-missing.js';

describe('k8s/cpu-limit-missing', () => {
  it('fires on containers without a CPU limit even when a request is set', () => {
    const hits = runRule(cpuLimitMissing, pod(`
      containers:
        - name: app
          resources: {requests: {cpu: 100m}}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.containers[0].resources.limits.cpu', 'container "app" has no CPU limit'],
    ]);
  });

  it('stays quiet when a limit is set', () => {
    expect(runRule(cpuLimitMissing, pod(`
      containers:
        - name: app
          resources: {limits: {cpu: 500m}}
    `))).toEqual([]);
  });
});
