import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { imagePullPolicyLatest } from './image-pull-policy-latest.js';

describe('k8s/image-pull-policy-latest', () => {
  it('fires on mutable images with IfNotPresent or Never, fixing only IfNotPresent', () => {
    const hits = runRule(imagePullPolicyLatest, deployment(`
      initContainers:
        - name: init
          image: busybox
          imagePullPolicy: Never
      containers:
        - name: app
          image: nginx:latest
          imagePullPolicy: IfNotPresent
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].imagePullPolicy', 'container "app" pulls mutable image "nginx:latest" with imagePullPolicy IfNotPresent'],
      ['spec.template.spec.initContainers[0].imagePullPolicy', 'container "init" pulls mutable image "busybox" with imagePullPolicy Never'],
    ]);
    expect(hits[1]!.fix).toBeUndefined();
    expect(hits[0]!.fix).toEqual({
      kind: 'object-patch',
      description: 'set imagePullPolicy to Always',
      ops: [{ op: 'replace', path: ['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy'], value: 'Always' }],
    });
  });

  it('stays quiet for defaulted policies, Always, pinned tags and digests', () => {
    expect(runRule(imagePullPolicyLatest, pod(`
      containers:
        - name: defaulted
          image: nginx
        - name: always
          image: nginx:latest
          imagePullPolicy: Always
        - name: pinned
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
        - name: digest
          image: nginx:latest@sha256:0123
          imagePullPolicy: IfNotPresent
    `))).toEqual([]);
  });
});
