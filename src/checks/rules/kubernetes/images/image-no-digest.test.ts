import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { imageNoDigest } from './image-no-digest.js';

describe('k8s/image-no-digest', () => {
  it('fires on tagged and untagged images without a digest, init containers included', () => {
    const hits = runRule(imageNoDigest, deployment(`
      initContainers:
        - name: init
          image: busybox:1.36
      containers:
        - name: app
          image: ghcr.io/acme/app:2.0
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.template.spec.containers[0].image',
      'spec.template.spec.initContainers[0].image',
    ]);
    expect(hits[0]!.message).toBe('container "app" image "ghcr.io/acme/app:2.0" is not pinned by digest');
  });

  it('stays quiet for digests and containers without an image', () => {
    expect(runRule(imageNoDigest, pod(`
      containers:
        - name: a
          image: ghcr.io/acme/app:2.0@sha256:0123
        - name: b
    `))).toEqual([]);
  });
});
