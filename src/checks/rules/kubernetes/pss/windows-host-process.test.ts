import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { windowsHostProcess } from './windows-host-process.js';

describe('k8s/pss-windows-host-process', () => {
  it('fires on pod-level and per-container hostProcess, at each field', () => {
    const hits = runRule(windowsHostProcess, pod(`
      os: {name: windows}
      securityContext:
        windowsOptions: {hostProcess: true}
      initContainers:
        - name: init
          securityContext: {windowsOptions: {hostProcess: true}}
      containers:
        - name: app
          securityContext: {windowsOptions: {hostProcess: true}}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.securityContext.windowsOptions.hostProcess',
      'spec.containers[0].securityContext.windowsOptions.hostProcess',
      'spec.initContainers[0].securityContext.windowsOptions.hostProcess',
    ]);
    expect(hits[1]!.message).toBe('container "app" must not set securityContext.windowsOptions.hostProcess=true');
    expect(hits.every((h) => h.fix === undefined)).toBe(true);
  });

  it('fires on ephemeral containers in workload templates', () => {
    const hits = runRule(windowsHostProcess, deployment(`
      containers:
        - name: app
      ephemeralContainers:
        - name: debug
          securityContext: {windowsOptions: {hostProcess: true}}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.template.spec.ephemeralContainers[0].securityContext.windowsOptions.hostProcess']);
  });

  it('stays quiet for false or absent hostProcess', () => {
    expect(runRule(windowsHostProcess, pod(`
      securityContext: {windowsOptions: {hostProcess: false, runAsUserName: "ContainerUser"}}
      containers:
        - name: a
          securityContext: {windowsOptions: {hostProcess: false}}
        - name: b
    `))).toEqual([]);
  });
});
