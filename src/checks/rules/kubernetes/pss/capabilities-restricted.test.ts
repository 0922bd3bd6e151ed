import { describe, expect, it } from 'vitest';
import { deployment, pod, runRule, atVersion, cronJob } from '../../../../testing/kubernetes.js';
import { capabilitiesBaseline } from './capabilities-baseline.js';
import { capabilitiesRestricted } from './capabilities-restricted.js';

const UNSET = pod('containers: [{name: app}]');

describe('k8s/pss-capabilities-restricted', () => {
  it('reports a container without capabilities where drop belongs, with a drop ALL fix', () => {
    const hits = runRule(capabilitiesRestricted, deployment('containers: [{name: app}]'));
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fieldPath).toBe('spec.template.spec.containers[0].securityContext.capabilities.drop');
    expect(hits[0]!.message).toBe('container "app" must set securityContext.capabilities.drop=["ALL"]');
    expect(hits[0]!.fix).toEqual({
      kind: 'object-patch',
      description: 'drop ALL capabilities',
      ops: [{ op: 'add', path: ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], value: ['ALL'] }],
    });
  });

  it('keeps an existing drop list and appends ALL', () => {
    const [hit] = runRule(capabilitiesRestricted, pod(`
      containers:
        - name: app
          securityContext: {capabilities: {drop: [NET_RAW, SYS_ADMIN]}}
    `));
    expect(hit!.fix?.kind === 'object-patch' && hit!.fix.ops).toEqual([
      { op: 'replace', path: ['spec', 'containers', 0, 'securityContext', 'capabilities', 'drop'], value: ['NET_RAW', 'SYS_ADMIN', 'ALL'] },
    ]);
  });

  it('reports each added capability other than NET_BIND_SERVICE, without a fix', () => {
    const hits = runRule(capabilitiesRestricted, cronJob(`
      initContainers:
        - name: init
          securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, CHOWN]}}
      containers:
        - name: job
          securityContext: {capabilities: {drop: [ALL]}}
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.capabilities.add[1]']);
    expect(hits[0]!.message).toBe('container "init" must not include "CHOWN" in securityContext.capabilities.add');
    expect(hits[0]!.fix).toBeUndefined();
  });

  it('checks ephemeral containers', () => {
    const hits = runRule(capabilitiesRestricted, pod(`
      containers:
        - name: app
          securityContext: {capabilities: {drop: [ALL]}}
      ephemeralContainers:
        - name: debug
    `));
    expect(hits.map((h) => h.fieldPath)).toEqual(['spec.ephemeralContainers[0].securityContext.capabilities.drop']);
  });

  it('does not exist before v1.22, and supersedes the baseline check from then on', () => {
    expect(capabilitiesRestricted.pss?.versionFor({ major: 1, minor: 21 })).toBeUndefined();
    expect(runRule(capabilitiesRestricted, UNSET, atVersion(21))).toEqual([]);
    expect(runRule(capabilitiesRestricted, UNSET, atVersion(22))).toHaveLength(1);
    for (const minor of [22, 25]) {
      expect(capabilitiesRestricted.pss?.versionFor({ major: 1, minor })?.overrides).toEqual([capabilitiesBaseline.meta.id]);
    }
  });

  it('exempts Windows pods from v1.25, not before', () => {
    const windows = pod('os: {name: windows}\ncontainers: [{name: app}]');
    expect(runRule(capabilitiesRestricted, windows, atVersion(24))).toHaveLength(1);
    expect(runRule(capabilitiesRestricted, windows, atVersion(25))).toEqual([]);
  });

  it('stays quiet for drop ALL with at most NET_BIND_SERVICE added', () => {
    expect(runRule(capabilitiesRestricted, pod(`
      containers:
        - name: a
          securityContext: {capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}
        - name: b
          securityContext: {capabilities: {drop: [NET_RAW, ALL]}}
    `))).toEqual([]);
  });
});
