import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, cronJob } from '../../../../testing/kubernetes.js';
import { hostNamespaces } from './host-namespaces.js';

describe('k8s/pss-host-namespaces', () => {
  it('reports each shared namespace at its own field', () => {
    const hits = runRule(hostNamespaces, pod(`
      hostNetwork: true
      hostPID: true
      hostIPC: true
      containers:
        - name: app
    `));
    expect(hits.map((h) => [h.fieldPath, h.line])).toEqual([
      ['spec.hostNetwork', 7],
      ['spec.hostPID', 8],
      ['spec.hostIPC', 9],
    ]);
    expect(hits[1]!.message).toBe('pod must not set hostPID=true');
  });

  it('checks Deployment and CronJob templates', () => {
    expect(runRule(hostNamespaces, deployment('hostNetwork: true\ncontainers: [{name: app}]')).map((h) => h.fieldPath)).toEqual([
      'spec.template.spec.hostNetwork',
    ]);
    expect(runRule(hostNamespaces, cronJob('hostIPC: true\ncontainers: [{name: app}]')).map((h) => h.fieldPath)).toEqual([
      'spec.jobTemplate.spec.template.spec.hostIPC',
    ]);
  });

  it('stays quiet for false or absent fields', () => {
    expect(runRule(hostNamespaces, pod(`
      hostNetwork: false
      hostPID: false
      containers:
        - name: app
    `))).toEqual([]);
  });
});
