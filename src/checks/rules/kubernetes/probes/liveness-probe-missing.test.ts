import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { livenessProbeMissing } from './liveness-probe-missing.js';

const cronJob = `apiVersion: batch/v1
kind: CronJob
metadata: {name: report, namespace: app}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: report, image: report:1}]
`;

describe('k8s/liveness-probe-missing', () => {
  it('fires on regular containers only, never init or ephemeral ones', () => {
    const hits = runRule(livenessProbeMissing, deployment(`
      initContainers: [{name: init}]
      containers:
        - name: app
        - name: probed
          livenessProbe: {tcpSocket: {port: 8080}}
      ephemeralContainers: [{name: debug}]
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      ['spec.template.spec.containers[0].livenessProbe', 'container "app" has no livenessProbe'],
    ]);
  });

  it('skips Jobs, CronJobs and run-to-completion pods', () => {
    expect(runRule(livenessProbeMissing, cronJob)).toEqual([]);
    expect(runRule(livenessProbeMissing, 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: j}]\n')).toEqual([]);
    expect(runRule(livenessProbeMissing, pod('restartPolicy: Never\ncontainers: [{name: once}]'))).toEqual([]);
  });

  it('checks bare pods that restart', () => {
    expect(runRule(livenessProbeMissing, pod('restartPolicy: Always\ncontainers: [{name: app}]'))).toHaveLength(1);
  });
});
