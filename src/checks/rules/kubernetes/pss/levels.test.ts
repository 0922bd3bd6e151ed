import { describe, expect, it } from 'vitest';
import type { RuleConfig } from '../../../../config/config.js';
import type { PssLevel, RuleSettings } from '../../../../core/settings.js';
import { severityRank, type Severity } from '../../../../core/severity.js';
import { runKubernetesRules } from '../../../../pipeline/kubernetes.js';
import { selectRules } from '../../../../pipeline/rule-selection.js';
import { parseYamlFile } from '../../../../parsers/kubernetes/documents.js';
import { extractObjects } from '../../../../parsers/kubernetes/objects.js';
import { pod } from '../../../../testing/kubernetes.js';
import { pssRules } from './index.js';

/** One pod per PSS control, violating it (and as little else as the control allows). */
const VIOLATIONS: Record<string, string> = {
  'k8s/pss-windows-host-process': 'securityContext: {windowsOptions: {hostProcess: true}}\nhostNetwork: true\ncontainers: [{name: app, image: nginx}]',
  'k8s/pss-host-namespaces': 'hostPID: true\ncontainers: [{name: app, image: nginx}]',
  'k8s/pss-privileged': 'containers: [{name: app, image: nginx, securityContext: {privileged: true}}]',
  'k8s/pss-capabilities-baseline': 'containers: [{name: app, image: nginx, securityContext: {capabilities: {add: [SYS_ADMIN]}}}]',
  'k8s/pss-host-path-volumes': 'containers: [{name: app, image: nginx}]\nvolumes: [{name: root, hostPath: {path: /}}]',
  'k8s/pss-host-ports': 'containers: [{name: app, image: nginx, ports: [{containerPort: 80, hostPort: 80}]}]',
  'k8s/pss-host-probes-and-host-lifecycle': 'containers: [{name: app, image: nginx, livenessProbe: {httpGet: {port: 80, host: 10.0.0.1}}}]',
  'k8s/pss-apparmor-profile': 'securityContext: {appArmorProfile: {type: Unconfined}}\ncontainers: [{name: app, image: nginx}]',
  'k8s/pss-selinux-options': 'securityContext: {seLinuxOptions: {type: spc_t}}\ncontainers: [{name: app, image: nginx}]',
  'k8s/pss-proc-mount': 'containers: [{name: app, image: nginx, securityContext: {procMount: Unmasked}}]',
  'k8s/pss-seccomp-profile-baseline': 'containers: [{name: app, image: nginx, securityContext: {seccompProfile: {type: Unconfined}}}]',
  'k8s/pss-sysctls': 'securityContext: {sysctls: [{name: kernel.core_pattern, value: x}]}\ncontainers: [{name: app, image: nginx}]',
  'k8s/pss-restricted-volumes': 'containers: [{name: app, image: nginx}]\nvolumes: [{name: share, nfs: {server: nfs, path: /}}]',
  'k8s/pss-allow-privilege-escalation': 'containers: [{name: app, image: nginx, securityContext: {allowPrivilegeEscalation: true}}]',
  'k8s/pss-run-as-non-root': 'securityContext: {runAsNonRoot: false}\ncontainers: [{name: app, image: nginx}]',
  'k8s/pss-run-as-user': 'securityContext: {runAsUser: 0}\ncontainers: [{name: app, image: nginx}]',
  'k8s/pss-seccomp-profile-restricted': 'containers: [{name: app, image: nginx}]',
  'k8s/pss-capabilities-restricted': 'containers: [{name: app, image: nginx, securityContext: {capabilities: {add: [CHOWN]}}}]',
  'k8s/pss-proc-mount-restricted': 'hostUsers: false\ncontainers: [{name: app, image: nginx, securityContext: {procMount: Unmasked}}]',
};

const ANNOTATED = 'annotations:\n  seccomp.security.alpha.kubernetes.io/pod: unconfined';
const VERSIONS = [...Array.from({ length: 38 }, (_, minor) => minor), 99];

const selections = new Map<string, ReturnType<typeof selectRules>>();
const parsed = new Map<string, ReturnType<typeof extractObjects>>();

function findings(yaml: string, level: PssLevel, minor: number, config: Record<string, RuleConfig> = {}): Array<{ ruleId: string; severity: Severity }> {
  const settings: RuleSettings = { pss: { level, version: { major: 1, minor } }, allowedRegistries: [] };
  const key = JSON.stringify([level, minor, config]);
  let selection = selections.get(key);
  if (!selection) selections.set(key, (selection = selectRules(config, settings)));
  const pss = selection.kubernetes.filter((rule) => rule.pss !== undefined);
  let objects = parsed.get(yaml);
  if (!objects) parsed.set(yaml, (objects = extractObjects(parseYamlFile('pod.yaml', yaml))));
  const { hits, errors } = runKubernetesRules(objects, pss, settings);
  expect(errors).toEqual([]);
  return hits.map((h) => ({ ruleId: h.meta.id, severity: selection.severityOf(h.meta.id) }));
}

const volumeFindings = (...args: Parameters<typeof findings>) => findings(...args).filter((f) => f.ruleId.endsWith('-volumes'));

const worst = (list: Array<{ severity: Severity }>) => Math.max(-1, ...list.map((f) => severityRank(f.severity)));

describe('PSS levels', () => {
  it('has a violating fixture for every PSS rule', () => {
    expect(Object.keys(VIOLATIONS).sort()).toEqual(pssRules.map((r) => r.meta.id).sort());
  });

  // Configured severities too: raising a baseline control must not be undone by the level that overrides it.
  const configs: Array<Record<string, RuleConfig>> = [
    {},
    Object.fromEntries(pssRules.filter((r) => r.pss?.level === 'baseline').map((r) => [r.meta.id, { severity: 'critical' as const }])),
    Object.fromEntries(pssRules.filter((r) => r.pss?.level === 'restricted').map((r) => [r.meta.id, { severity: 'low' as const }])),
  ];

  it('never rates a problem lower at restricted than at baseline, at every version and configuration', () => {
    for (const [id, spec] of Object.entries(VIOLATIONS)) {
      for (const yaml of [pod(spec), pod(spec, ANNOTATED)]) {
        for (const minor of VERSIONS) {
          configs.forEach((config, c) => {
            const baseline = findings(yaml, 'baseline', minor, config);
            const restricted = findings(yaml, 'restricted', minor, config);
            expect(worst(restricted), `${id} at v1.${minor}, config ${c}`).toBeGreaterThanOrEqual(worst(baseline));
            // Every baseline finding is still there, under the same rule: restricted only adds.
            for (const finding of baseline) expect(restricted, `${id} at v1.${minor}`).toContainEqual(finding);
          });
        }
      }
    }
  });

  it('reports a hostPath volume at restricted under the baseline rule and severity, once', () => {
    const hits = volumeFindings(pod(VIOLATIONS['k8s/pss-host-path-volumes']!), 'restricted', 99);
    expect(hits).toEqual([{ ruleId: 'k8s/pss-host-path-volumes', severity: 'critical' }]);
    const mixed = volumeFindings(pod('containers: [{name: app, image: nginx}]\nvolumes: [{name: root, hostPath: {path: /}}, {name: share, nfs: {server: nfs, path: /}}]'), 'restricted', 99);
    expect(mixed).toEqual([
      { ruleId: 'k8s/pss-host-path-volumes', severity: 'critical' },
      { ruleId: 'k8s/pss-restricted-volumes', severity: 'medium' },
    ]);
  });

  it('lets the restricted rule report the whole check when its baseline rule is disabled, as upstream', () => {
    const hits = volumeFindings(pod(VIOLATIONS['k8s/pss-host-path-volumes']!), 'restricted', 99, { 'k8s/pss-host-path-volumes': { enabled: false } });
    expect(hits).toEqual([{ ruleId: 'k8s/pss-restricted-volumes', severity: 'medium' }]);
  });

  it('keeps the Unconfined-seccomp fix at restricted, where the baseline rule reports the field', () => {
    const settings: RuleSettings = { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] };
    const selection = selectRules({}, settings);
    const { hits } = runKubernetesRules(extractObjects(parseYamlFile('pod.yaml', pod(VIOLATIONS['k8s/pss-seccomp-profile-baseline']!))), selection.kubernetes, settings);
    const seccomp = hits.filter((h) => h.meta.id.startsWith('k8s/pss-seccomp'));
    expect(seccomp.map((h) => [h.meta.id, h.fix !== undefined])).toEqual([['k8s/pss-seccomp-profile-baseline', true]]);
  });
});
