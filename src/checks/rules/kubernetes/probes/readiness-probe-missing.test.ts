import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { readinessProbeMissing } from './readiness-probe-missing.js';

describe('k8s/readiness-probe-missing', () => {
  it('fires on regular containers without a readiness probe', () => {
    const hits = runRule(readinessProbeMissing, deployment(`
      initContainers: [{name: init}]
      containers:
        - name: app
          livenessProbe: {tcpSocket: {port: 8080}}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].readinessProbe', 'container "app" has no readinessProbe'],
    ]);
  });

  it('stays quiet when present and for run-to-completion pods', () => {
    expect(runRule(readinessProbeMissing, pod('containers: [{name: app, readinessProbe: {httpGet: {path: /, port: 80}}}]'))).toEqual([]);
    expect(runRule(readinessProbeMissing, pod('restartPolicy: OnFailure\ncontainers: [{name: app}]'))).toEqual([]);
  });
});
