import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { cpuRequestsMissing } from './cpu-requests-missing.js';

describe('k8s/cpu-requests-missing', () => {
  it('fires on regular and init containers without a CPU request or limit, never on ephemeral ones', () => {
    const hits = runRule(cpuRequestsMissing, deployment(`
      initContainers:
        - name: init
          resources: {requests: {memory: 64Mi}}
      containers:
        - name: app
        - name: zero
          resources: {requests: {cpu: "0m"}}
      ephemeralContainers:
        - name: debug
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].resources.requests.cpu', 'container "app" has no CPU request'],
      ['spec.template.spec.containers[1].resources.requests.cpu', 'container "zero" sets its CPU request to 0'],
      ['spec.template.spec.initContainers[0].resources.requests.cpu', 'container "init" has no CPU request'],
    ]);
  });

  it('stays quiet when a request is set, when a limit supplies the default request, or with pod-level resources', () => {
    expect(runRule(cpuRequestsMissing, pod(`
      containers:
        - name: request
          resources: {requests: {cpu: 100m}}
        - name: limit-only
          resources: {limits: {cpu: 1}}
    `))).toEqual([]);
    expect(runRule(cpuRequestsMissing, pod(`
      resources: {requests: {cpu: "2"}}
      containers:
        - name: app
    `))).toEqual([]);
  });
});
