import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule } from '../../../../testing/kubernetes.js';
import { capabilitiesBaseline } from './capabilities-baseline.js';

describe('k8s/pss-capabilities-baseline', () => {
  it('reports each capability outside the default set, at its list entry', () => {
    const hits = runRule(capabilitiesBaseline, pod(`
      containers:
        - name: app
          securityContext:
            capabilities:
              add: [CHOWN, NET_RAW, SYS_ADMIN]
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.containers[0].securityContext.capabilities.add[1]',
      'spec.containers[0].securityContext.capabilities.add[2]',
    ]);
    expect(hits[0]!.message).toBe('container "app" must not include "NET_RAW" in securityContext.capabilities.add');
  });

  it('compares names exactly, like upstream: the CAP_ prefix is not in the allowed set', () => {
    const hits = runRule(capabilitiesBaseline, pod(`
      containers:
        - name: app
          securityContext: {capabilities: {add: [CAP_CHOWN]}}
    `));
    expect(hits).toHaveLength(1);
  });

  it('checks init and ephemeral containers in templates', () => {
    const hits = runRule(capabilitiesBaseline, deployment(`
      initContainers:
        - name: init
          securityContext: {capabilities: {add: [NET_ADMIN]}}
      containers:
        - name: app
      ephemeralContainers:
        - name: debug
          securityContext: {capabilities: {add: [SYS_PTRACE]}}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual([
      'spec.template.spec.initContainers[0].securityContext.capabilities.add[0]',
      'spec.template.spec.ephemeralContainers[0].securityContext.capabilities.add[0]',
    ]);
  });

  it('stays quiet for the default set and for drops', () => {
    expect(runRule(capabilitiesBaseline, pod(`
      containers:
        - name: app
          securityContext:
            capabilities:
              drop: [ALL, SYS_ADMIN]
              add: [AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT]
    `))).toEqual([]);
  });
});
