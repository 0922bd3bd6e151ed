import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { readOnlyRootFilesystem } from './read-only-root-filesystem.js';

describe('k8s/read-only-root-filesystem', () => {
  it('fires on regular and init containers that do not set it to true', () => {
    const hits = runRule(readOnlyRootFilesystem, deployment(`
      initContainers:
        - name: init
          securityContext: {readOnlyRootFilesystem: false}
      containers:
        - name: app
      ephemeralContainers:
        - name: debug
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem', 'container "app" does not set readOnlyRootFilesystem: true'],
      ['spec.template.spec.initContainers[0].securityContext.readOnlyRootFilesystem', 'container "init" sets readOnlyRootFilesystem to false'],
    ]);
    expect(hits[0]!.line).toBe(17); // the container item: the nearest existing ancestor of the missing field
  });

  it('stays quiet for true and for Windows pods', () => {
    expect(runRule(readOnlyRootFilesystem, pod(`
      containers:
        - name: app
          securityContext: {readOnlyRootFilesystem: true}
    `))).toEqual([]);
    expect(runRule(readOnlyRootFilesystem, pod(`
      os: {name: windows}
      containers:
        - name: app
    `))).toEqual([]);
  });
});
