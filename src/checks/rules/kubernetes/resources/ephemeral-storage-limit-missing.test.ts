import { describe, expect, it } from 'vitest';
import { pod, runRule } from '../../../../testing/kubernetes.js';
import { ephemeralStorageLimitMissing } from './ephemeral-storage-limit-missing.js';

describe('k8s/ephemeral-storage-limit-missing', () => {
  it('is off by default and fires on containers without an ephemeral-storage limit', () => {
    expect(ephemeralStorageLimitMissing.meta.defaultEnabled).toBe(false);
    const hits = runRule(ephemeralStorageLimitMissing, pod(`
      containers:
        - name: app
          resources: {requests: {ephemeral-storage: 1Gi}}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.containers[0].resources.limits.ephemeral-storage', 'container "app" has no ephemeral-storage limit'],
    ]);
  });

  it('stays quiet when the limit is set', () => {
    expect(runRule(ephemeralStorageLimitMissing, pod(`
      containers:
        - name: app
          resources: {limits: {ephemeral-storage: 2Gi}}
    `))).toEqual([]);
  });
});
