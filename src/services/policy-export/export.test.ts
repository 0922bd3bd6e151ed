import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { kubernetesRules, kubernetesSetRules } from '../../checks/rules/kubernetes/index.js';
import { pssRules } from '../../checks/rules/kubernetes/pss/index.js';
import type { PssLevel, RuleSettings } from '../../core/settings.js';
import { exportPolicies, policiesYaml, PolicyExportError, RULE_ID_ANNOTATION, type PolicyExport } from './index.js';
import { NOT_EXPRESSIBLE } from './workloads.js';

const settings = (level: PssLevel, minor = 99): Pick<RuleSettings, 'pss'> => ({ pss: { level, version: { major: 1, minor } } });

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test access to generated YAML

const policies = (result: PolicyExport): Json[] => result.documents.filter((d) => d.kind === 'ValidatingAdmissionPolicy');
const bindings = (result: PolicyExport): Json[] => result.documents.filter((d) => d.kind === 'ValidatingAdmissionPolicyBinding');
const policyFor = (result: PolicyExport, ruleId: string): Json | undefined => policies(result).find((p) => p.metadata.annotations[RULE_ID_ANNOTATION] === ruleId);

describe('exportPolicies', () => {
  const restricted = exportPolicies({ settings: settings('restricted') });

  it('exports every Pod Security Standards rule at restricted, latest, and accounts for every other Kubernetes rule', () => {
    const exported = restricted.exported.map((e) => e.ruleId);
    expect(exported.slice(0, pssRules.length)).toEqual(pssRules.map((r) => r.meta.id));
    const accounted = new Set([...exported, ...restricted.skipped.map((s) => s.ruleId)]);
    const enabledByDefault = [...kubernetesRules, ...kubernetesSetRules].filter((r) => r.meta.defaultEnabled !== false);
    expect(enabledByDefault.map((r) => r.meta.id).filter((id) => !accounted.has(id))).toEqual([]);
    for (const skipped of restricted.skipped) expect(skipped.reason.length, skipped.ruleId).toBeGreaterThan(20);
    // Reasons name real rules, and no rule is both exported and explained away.
    const ids = new Set(kubernetesRules.map((r) => r.meta.id));
    for (const id of Object.keys(NOT_EXPRESSIBLE)) expect(ids.has(id) && !exported.includes(id), id).toBe(true);
  });

  it('gives each rule a policy and a binding of the same name, carrying its ID, severity and message prefix', () => {
    expect(policies(restricted)).toHaveLength(restricted.exported.length);
    expect(bindings(restricted)).toHaveLength(restricted.exported.length);
    const privileged = policyFor(restricted, 'k8s/pss-privileged')!;
    expect(privileged.metadata.name).toBe('rampart-pss-privileged');
    expect(privileged.metadata.annotations).toEqual({ [RULE_ID_ANNOTATION]: 'k8s/pss-privileged', 'rampart.io/severity': 'critical', 'rampart.io/pss': 'restricted:latest' });
    expect(privileged.spec.failurePolicy).toBe('Fail');
    expect(privileged.spec.validations).toEqual([
      {
        expression: 'size(variables.messages) == 0',
        messageExpression: "'k8s/pss-privileged (critical): ' + variables.messages.join('; ')",
        message: 'k8s/pss-privileged (critical): Privileged container',
        reason: 'Forbidden',
      },
    ]);
    const binding = bindings(restricted).find((b) => b.metadata.name === 'rampart-pss-privileged')!;
    expect(binding.spec).toEqual({ policyName: 'rampart-pss-privileged', validationActions: ['Deny'] });
  });

  it('matches Pods, ephemeral container updates and every workload kind that holds a pod template', () => {
    const rules = policyFor(restricted, 'k8s/pss-host-namespaces')!.spec.matchConstraints.resourceRules as Json[];
    expect(rules.flatMap((r) => r.resources).sort()).toEqual(
      ['cronjobs', 'daemonsets', 'deployments', 'jobs', 'pods', 'pods/ephemeralcontainers', 'podtemplates', 'replicasets', 'replicationcontrollers', 'statefulsets'],
    );
    for (const rule of rules) expect(rule.operations).toEqual(['CREATE', 'UPDATE']);
    expect(policyFor(restricted, 'k8s/service-node-port')!.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [''], apiVersions: ['v1'], resources: ['services'], operations: ['CREATE', 'UPDATE'] },
    ]);
    // Updates that leave the template alone are not judged again (finalizers, scaling).
    expect(policyFor(restricted, 'k8s/pss-privileged')!.spec.matchConditions.map((c: Json) => c.name)).toEqual(['pod-template-changed']);
    expect(policyFor(restricted, 'k8s/service-node-port')!.spec.matchConditions).toBeUndefined();
  });

  it('maps severities to actions: Deny for high and critical, Warn below; --actions overrides every binding', () => {
    const actionOf = (result: PolicyExport, id: string) => result.exported.find((e) => e.ruleId === id)?.validationActions;
    expect(actionOf(restricted, 'k8s/pss-run-as-non-root')).toEqual(['Deny']);
    expect(actionOf(restricted, 'k8s/pss-host-ports')).toEqual(['Warn']);
    expect(actionOf(restricted, 'k8s/liveness-probe-missing')).toEqual(['Warn']);
    const audited = exportPolicies({ settings: settings('restricted'), actions: ['Warn', 'Audit'] });
    expect(new Set(audited.exported.map((e) => e.validationActions.join()))).toEqual(new Set(['Warn,Audit']));
  });

  it('applies rampart.yaml: a rule turned off is not exported, a configured severity changes the action', () => {
    const result = exportPolicies({ settings: settings('restricted'), rules: { 'k8s/pss-privileged': { enabled: false }, 'k8s/pss-host-ports': { severity: 'critical' } } });
    expect(result.exported.map((e) => e.ruleId)).not.toContain('k8s/pss-privileged');
    expect(result.exported.find((e) => e.ruleId === 'k8s/pss-host-ports')).toMatchObject({ severity: 'critical', validationActions: ['Deny'] });
    expect(policyFor(result, 'k8s/pss-host-ports')!.spec.validations[0].message).toBe('k8s/pss-host-ports (critical): Container binds a host port');
  });

  it('refuses actions the API server would refuse', () => {
    expect(() => exportPolicies({ settings: settings('baseline'), actions: ['Deny', 'Warn'] })).toThrow(PolicyExportError);
    expect(() => exportPolicies({ settings: settings('baseline'), actions: [] })).toThrow(PolicyExportError);
  });

  it('chooses controls by level and version like rampart scan', () => {
    const baseline = exportPolicies({ settings: settings('baseline') }).exported.map((e) => e.ruleId);
    expect(baseline).toContain('k8s/pss-privileged');
    expect(baseline).not.toContain('k8s/pss-run-as-non-root');
    const off = exportPolicies({ settings: settings('off') }).exported.map((e) => e.ruleId);
    expect(off.filter((id) => id.startsWith('k8s/pss-'))).toEqual([]);
    expect(off).toContain('k8s/read-only-root-filesystem');
    // Checks that did not exist yet at the pinned version are left out, as pod-security-admission does.
    const old = exportPolicies({ settings: settings('restricted', 18) }).exported.map((e) => e.ruleId);
    expect(old).not.toContain('k8s/pss-seccomp-profile-restricted');
    expect(old).not.toContain('k8s/pss-run-as-user');
    expect(old).not.toContain('k8s/pss-host-probes-and-host-lifecycle');
    const messagesOf = (minor: number, id: string) => policyFor(exportPolicies({ settings: settings('baseline', minor) }), id)!.spec.variables.at(-1).expression as string;
    expect(messagesOf(18, 'k8s/pss-seccomp-profile-baseline')).toContain('seccomp.security.alpha.kubernetes.io/pod');
    expect(messagesOf(19, 'k8s/pss-seccomp-profile-baseline')).not.toContain('seccomp.security.alpha.kubernetes.io/pod');
    expect(messagesOf(31, 'k8s/pss-selinux-options')).toContain("'container_engine_t'");
    expect(messagesOf(30, 'k8s/pss-selinux-options')).not.toContain("'container_engine_t'");
    expect(messagesOf(26, 'k8s/pss-sysctls')).not.toContain('net.ipv4.ip_local_reserved_ports');
    expect(messagesOf(27, 'k8s/pss-sysctls')).toContain('net.ipv4.ip_local_reserved_ports');
  });

  it('leaves to an exported baseline rule what it reports on the same field, at restricted', () => {
    const volumes = (result: PolicyExport) => policyFor(result, 'k8s/pss-restricted-volumes')!.spec.variables.at(-1).expression as string;
    expect(volumes(restricted)).toContain("['name', 'hostPath']");
    // With the baseline rule off, the restricted rule reports hostPath volumes itself, as upstream does.
    const alone = exportPolicies({ settings: settings('restricted'), rules: { 'k8s/pss-host-path-volumes': { enabled: false } } });
    expect(volumes(alone)).not.toContain("'hostPath'");
  });

  it('binds to the selected namespaces, leaving out exempt ones, and turns exempt users and groups into match conditions', () => {
    const result = exportPolicies({
      settings: settings('baseline'),
      namespaceSelector: { matchLabels: { team: 'shop' } },
      exemptions: { namespaces: ['kube-system'], usernames: ['admin'], groups: ['system:masters'], serviceAccounts: ['ci/deployer'], runtimeClasses: ['kata'] },
    });
    expect(bindings(result)[0]!.spec.matchResources).toEqual({
      namespaceSelector: { matchLabels: { team: 'shop' }, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] }] },
    });
    const conditions = policyFor(result, 'k8s/pss-privileged')!.spec.matchConditions as Json[];
    expect(conditions.map((c) => c.name)).toEqual(['exempt-users', 'exempt-groups', 'exempt-runtime-classes', 'pod-template-changed']);
    expect(conditions[0]!.expression).toBe("!(request.userInfo.username in ['admin', 'system:serviceaccount:ci:deployer'])");
    expect(policyFor(result, 'k8s/service-node-port')!.spec.matchConditions.map((c: Json) => c.name)).toEqual(['exempt-users', 'exempt-groups']);
  });
});

describe('policiesYaml', () => {
  it('writes one YAML stream of plain documents (no anchors), policy then binding', () => {
    const result = exportPolicies({ settings: settings('baseline') });
    const text = policiesYaml(result);
    expect(text).not.toMatch(/[&*]a\d/);
    const documents = parseAllDocuments(text).map((d) => d.toJS() as Json);
    expect(documents).toEqual(result.documents);
    expect(documents.slice(0, 2).map((d) => d.kind)).toEqual(['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
  });
});
