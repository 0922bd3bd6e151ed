import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { probesIdentical } from './probes-identical.js';

describe('k8s/probes-identical', () => {
  it('fires on identical probes, whatever the key order', () => {
    const hits = runRule(probesIdentical, deployment(`
      containers:
        - name: app
          livenessProbe: {httpGet: {path: /health, port: 8080}}
          readinessProbe: {httpGet: {port: 8080, path: /health}}
    `));
    expect(hits.map((h) => [h.fieldPath, h.message])).toEqual([
      [
        'spec.template.spec.containers[0].livenessProbe',
        'container "app" liveness probe runs the same check as its readiness probe and gives up no later (30s vs 30s)',
      ],
    ]);
  });

  it('fires when liveness shares the check but gives up sooner', () => {
    const hits = runRule(probesIdentical, pod(`
      containers:
        - name: app
          livenessProbe: {exec: {command: [check]}, periodSeconds: 5}
          readinessProbe: {exec: {command: [check]}, failureThreshold: 5}
    `));
    expect(hits.map((h) => h.message)).toEqual([
      'container "app" liveness probe runs the same check as its readiness probe and gives up no later (15s vs 50s)',
    ]);
  });

  it('stays quiet for different checks, a more tolerant liveness probe, a single probe and batch pods', () => {
    expect(runRule(probesIdentical, pod(`
      containers:
        - name: different
          livenessProbe: {tcpSocket: {port: 8080}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
        - name: tolerant
          livenessProbe: {httpGet: {path: /health, port: 8080}, failureThreshold: 6}
          readinessProbe: {httpGet: {path: /health, port: 8080}}
        - name: single
          readinessProbe: {httpGet: {path: /health, port: 8080}}
    `))).toEqual([]);
    expect(runRule(probesIdentical, pod(`
      restartPolicy: Never
      containers:
        - name: app
          livenessProbe: {tcpSocket: {port: 1}}
          readinessProbe: {tcpSocket: {port: 1}}
    `))).toEqual([]);
  });
});
