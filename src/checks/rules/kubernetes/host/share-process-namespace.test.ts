import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { shareProcessNamespace } from './share-process-namespace.js';

describe('k8s/share-process-namespace', () => {
  it('fires on shareProcessNamespace: true in a pod template', () => {
    const hits = runRule(shareProcessNamespace, deployment(`
      shareProcessNamespace: true
      containers: [{name: app}, {name: sidecar}]
    `));
    expect(hits.map((h) => [h.fieldPath, h.message, h.fix])).toEqual([
      ['spec.template.spec.shareProcessNamespace', 'pod sets shareProcessNamespace: true, so its containers can see and signal each other\'s processes', undefined],
    ]);
  });

  it('stays quiet for false or absent', () => {
    expect(runRule(shareProcessNamespace, pod('shareProcessNamespace: false\ncontainers: [{name: app}]'))).toEqual([]);
    expect(runRule(shareProcessNamespace, pod('containers: [{name: app}]'))).toEqual([]);
  });
});
