import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { imageTagLatest } from './image-tag-latest.js';

describe('k8s/image-tag-latest', () => {
  it('fires on untagged and :latest images in every container group', () => {
    const hits = runRule(imageTagLatest, deployment(`
      initContainers:
        - name: init
          image: busybox
      containers:
        - name: app
          image: localhost:5000/app:latest
      ephemeralContainers:
        - name: debug
          image: nicolaka/netshoot
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].image', 'container "app" image "localhost:5000/app:latest" uses the mutable :latest tag'],
      ['spec.template.spec.initContainers[0].image', 'container "init" image "busybox" has no tag, so it resolves to :latest'],
      ['spec.template.spec.ephemeralContainers[0].image', 'container "debug" image "nicolaka/netshoot" has no tag, so it resolves to :latest'],
    ]);
  });

  it('stays quiet for versioned tags, digests, registry ports and unparseable images', () => {
    expect(runRule(imageTagLatest, pod(`
      containers:
        - name: a
          image: nginx:1.27.3
        - name: b
          image: nginx:latest@sha256:0123
        - name: c
          image: localhost:5000/app@sha256:0123
        - name: d
          image: "{{ .Values.image }}"
        - name: e
    `))).toEqual([]);
  });
});
