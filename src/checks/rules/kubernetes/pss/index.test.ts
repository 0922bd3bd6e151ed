import { describe, expect, it } from 'vitest';
import { pod, runRule, atVersion } from '../../../../testing/kubernetes.js';
import { pssRules } from './index.js';

/** Upstream's minimal valid restricted pod (pod-security-admission test fixtures), with an ephemeral container added. */
const HARDENED = pod(`
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  initContainers:
    - name: initcontainer1
      image: registry.k8s.io/pause
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
  containers:
    - name: container1
      image: registry.k8s.io/pause
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
  ephemeralContainers:
    - name: debug
      image: busybox
      securityContext:
        allowPrivilegeEscalation: false
        capabilities: {drop: [ALL]}
`);

const WORST = pod(
  `
  hostNetwork: true
  securityContext:
    runAsNonRoot: false
    runAsUser: 0
    seccompProfile: {type: Unconfined}
    appArmorProfile: {type: Unconfined}
    seLinuxOptions: {type: spc_t}
    windowsOptions: {hostProcess: true}
    sysctls: [{name: kernel.core_pattern, value: "|/bin/sh"}]
  containers:
    - name: app
      image: nginx
      ports: [{containerPort: 80, hostPort: 80}]
      livenessProbe: {httpGet: {path: /, port: 80, host: 169.254.169.254}}
      securityContext:
        privileged: true
        allowPrivilegeEscalation: true
        procMount: Unmasked
        capabilities: {add: [SYS_ADMIN]}
    - name: sidecar
      image: busybox
      securityContext:
        runAsUser: 1000
        seccompProfile: {type: Unconfined}
  volumes:
    - name: root
      hostPath: {path: /}
`,
  'annotations:\n  seccomp.security.alpha.kubernetes.io/pod: unconfined',
);

const LATEST = 99;

describe('pssRules', () => {
  it('has unique IDs in the k8s/pss- namespace', () => {
    const ids = pssRules.map((rule) => rule.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^k8s\/pss-[a-z0-9-]+$/);
  });

  it('maps every rule to exactly one unique pss:<level>:<checkId> control, matching its level', () => {
    const controls = pssRules.map((rule) => {
      expect(rule.meta.controls).toHaveLength(1);
      const control = rule.meta.controls![0]!;
      expect(control.startsWith(`pss:${rule.pss?.level}:`)).toBe(true);
      return control;
    });
    expect(new Set(controls).size).toBe(controls.length);
  });

  it('lists baseline checks before restricted ones, and references a PSS control', () => {
    const levels = pssRules.map((rule) => rule.pss?.level);
    expect(levels.indexOf('restricted')).toBe(levels.lastIndexOf('baseline') + 1);
    for (const rule of pssRules) {
      expect(rule.meta.references.pss).toBeTruthy();
      expect(rule.meta.rationale.length).toBeGreaterThan(40);
      expect(rule.meta.remediation).toContain('```yaml');
    }
  });

  it('only overrides baseline rules that exist', () => {
    const baseline = new Set(pssRules.filter((rule) => rule.pss?.level === 'baseline').map((rule) => rule.meta.id));
    for (const rule of pssRules) {
      for (const minor of [0, 19, 22, 25, 35, LATEST]) {
        for (const id of rule.pss?.versionFor({ major: 1, minor })?.overrides ?? []) expect(baseline.has(id)).toBe(true);
      }
    }
  });

  it('finds nothing in upstream\'s minimal restricted pod, at the latest and at every older version', () => {
    for (const minor of [LATEST, ...Array.from({ length: 38 }, (_, i) => i)]) {
      const hits = pssRules.flatMap((rule) => runRule(rule, HARDENED, atVersion(minor)));
      expect(hits, `v1.${minor}`).toEqual([]);
    }
  });

  it('fires every rule on a maximally bad pod, with fixes exactly from fixable rules', () => {
    for (const rule of pssRules) {
      const hits = runRule(rule, WORST, atVersion(LATEST));
      expect(hits.length, rule.meta.id).toBeGreaterThan(0);
      expect(hits.some((hit) => hit.fix !== undefined), rule.meta.id).toBe(rule.meta.fixable === true);
    }
  });
});
