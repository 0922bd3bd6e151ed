import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { hostProbesAndHostLifecycle } from './host-probes-and-host-lifecycle.js';

const PROBING = pod(`
  containers:
    - name: app
      livenessProbe:
        httpGet: {path: /healthz, port: 8080, host: 169.254.169.254}
      readinessProbe:
        tcpSocket: {port: 8080, host: ""}
      startupProbe:
        tcpSocket: {port: 8080, host: localhost}
      lifecycle:
        preStop:
          httpGet: {path: /drain, port: 8080, host: 10.0.0.1}
`);

describe('k8s/pss-host-probes-and-host-lifecycle', () => {
  it('reports every probe and hook host from v1.34', () => {
    const hits = runRule(hostProbesAndHostLifecycle, PROBING, atVersion(34, 'baseline'));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.containers[0].livenessProbe.httpGet.host',
      'spec.containers[0].startupProbe.tcpSocket.host',
      'spec.containers[0].lifecycle.preStop.httpGet.host',
    ]);
    expect(hits[0]!.message).toBe('container "app" must not set livenessProbe.httpGet.host ("169.254.169.254")');
  });

  it('does not exist before v1.34', () => {
    expect(runRule(hostProbesAndHostLifecycle, PROBING, atVersion(33, 'baseline'))).toEqual([]);
  });

  it('checks init containers in templates', () => {
    const hits = runRule(hostProbesAndHostLifecycle, deployment(`
      initContainers:
        - name: sidecar
          restartPolicy: Always
          lifecycle:
            postStart:
              tcpSocket: {port: 9000, host: node.local}
      containers: [{name: app}]
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.initContainers[0].lifecycle.postStart.tcpSocket.host']);
  });

  it('stays quiet for probes without host', () => {
    expect(runRule(hostProbesAndHostLifecycle, pod(`
      containers:
        - name: app
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
          readinessProbe: {exec: {command: [true]}}
          lifecycle: {preStop: {sleep: {seconds: 5}}}
    `))).toEqual([]);
  });
});
