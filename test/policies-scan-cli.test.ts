import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestOpaEnvironment } from '../src/checks/policies/rego/testing/fixtures.js';
import { makeTree } from '../src/testing/tree.js';
import { runCli, scanJson } from './helpers/cli.js';
import { loadPolicies } from '../src/checks/policies/load.js';
import { createAdmissionDecider, staticNamespaceLabels } from '../src/services/admission/index.js';
import type { AdmissionRequest } from '../src/services/admission/review.js';
import { defaultAdmissionConfig } from '../src/config/admission.js';
import { LATEST_PSS_VERSION } from '../src/core/settings.js';
import { parse as parseYaml } from 'yaml';
import { describeKube, uniqueNamespace, type KubeEnv } from './helpers/kube-env.js';

/** Users' policies through `rampart scan` and `rampart admission audit`, with the real CEL and Rego engines. */
const repo = resolve(import.meta.dirname, '..');
const vap = readFileSync(join(repo, 'examples/policies/require-team-label.yaml'), 'utf8');
const offline = ['--skip-dependencies', '--skip-secrets'];

useTestOpaEnvironment();

describe('rampart scan --policy', () => {
  it('reports a CEL policy\'s violation like any finding, at the field the policy names', async () => {
    const { code, report } = await scanJson(['examples/policies/tests/objects', '--policy', 'examples/policies', ...offline], { cwd: repo });
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    const found = report.findings.filter((f) => f.ruleId.startsWith('policy/'));
    expect(found).toEqual([
      expect.objectContaining({
        ruleId: 'policy/require-team-label',
        severity: 'high',
        message: 'Deployment web has no team label',
        fieldPath: 'metadata.labels',
        location: expect.objectContaining({ file: 'examples/policies/tests/objects/deployment-without-team.yaml', startLine: 6, startColumn: 3 }),
        resource: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' },
      }),
    ]);
    // Built-in rules still run beside the policies.
    expect(report.findings.some((f) => f.ruleId.startsWith('k8s/'))).toBe(true);
  });

  it('reports a Gatekeeper constraint\'s violation on the object, by the constraint\'s name', async () => {
    const { report } = await scanJson(['examples/policies/allowed-repos/samples', '--policy', 'examples/policies/allowed-repos', ...offline], { cwd: repo });
    const found = report.findings.filter((f) => f.ruleId.startsWith('policy/'));
    expect(found.map((f) => [f.ruleId, f.severity, f.location.file, f.message])).toEqual([
      ['policy/allowed-repos', 'high', 'examples/policies/allowed-repos/samples/disallowed.yaml', expect.stringContaining('container web uses image nginx:1.27')],
    ]);
  });

  it('describes each policy in SARIF\'s rule catalog from its own annotation', async () => {
    const run = await runCli(['scan', 'examples/policies/tests/objects', '--policy', 'examples/policies', '--format', 'sarif', ...offline], { cwd: repo });
    const sarif = JSON.parse(run.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; shortDescription?: { text: string }; fullDescription?: { text: string } }> } }; results: Array<{ ruleId: string }> }> };
    const rules = sarif.runs[0]!.tool.driver.rules;
    const rule = rules.find((r) => r.id === 'policy/require-team-label');
    expect(JSON.stringify(rule)).toContain('Every workload names the team that answers for it');
    expect(rules.some((r) => r.id === 'policy/allowed-repos')).toBe(true);
    expect(sarif.runs[0]!.results.some((r) => r.ruleId === 'policy/require-team-label')).toBe(true);
  });

  it('reads `policies:` and severities from rampart.yaml, so the gate follows the config', async () => {
    const tree = await makeTree({
      'rampart.yaml': 'policies: [policy]\npss:\n  level: off\nrules:\n  "policy:require-team-label": medium\n',
      'policy/vap.yaml': vap,
      'app/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
    });
    try {
      const { code, report } = await scanJson(['app', '--fail-on', 'high', ...offline], { cwd: tree.root });
      expect(report.findings.filter((f) => f.ruleId === 'policy/require-team-label').map((f) => f.severity)).toEqual(['medium']);
      expect(report.findings.filter((f) => f.severity === 'high' || f.severity === 'critical')).toEqual([]);
      expect(code).toBe(0);
    } finally {
      await tree.cleanup();
    }
  });

  it('fails the scan (exit 3) on a policy that does not compile, naming file and line, and scans with the rest', async () => {
    const tree = await makeTree({
      'policy/vap.yaml': vap,
      'policy/broken.yaml': 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: broken\nspec:\n  matchConstraints:\n    resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}]\n  validations:\n    - expression: "object.((("\n',
      'app/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    });
    try {
      const { code, report } = await scanJson(['app', '--policy', 'policy', ...offline], { cwd: tree.root });
      expect(code).toBe(3);
      expect(report.errors).toEqual([expect.objectContaining({ file: 'policy/broken.yaml', line: expect.any(Number), message: expect.stringContaining('ValidatingAdmissionPolicy "broken": spec.validations[0].expression: Invalid value: compilation failed') })]);
      expect(report.findings.some((f) => f.ruleId === 'policy/require-team-label')).toBe(true);
    } finally {
      await tree.cleanup();
    }
  });

  it('refuses a policy file reached through a link out of the policy directory', async () => {
    const tree = await makeTree({
      'outside/vap.yaml': vap,
      'policy/vap.yaml': { symlink: '../outside/vap.yaml' },
      'app/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n',
    });
    try {
      const { code, report } = await scanJson(['app', '--policy', 'policy', ...offline], { cwd: tree.root });
      expect(code).toBe(3);
      expect(report.errors).toEqual([expect.objectContaining({ file: 'policy/vap.yaml', message: expect.stringContaining('outside the scanned root') })]);
      expect(report.findings.some((f) => f.ruleId.startsWith('policy/'))).toBe(false);
    } finally {
      await tree.cleanup();
    }
  });
});

describe('the same policies at admission', () => {
  const review = (object: Record<string, unknown>, oldObject?: Record<string, unknown>): AdmissionRequest => ({
    uid: 'u1',
    kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    namespace: 'shop',
    operation: oldObject ? 'UPDATE' : 'CREATE',
    userInfo: { username: 'alice', groups: ['system:authenticated'] },
    object,
    ...(oldObject ? { oldObject } : {}),
    dryRun: false,
  });
  const settings = { pss: { level: 'off' as const, version: LATEST_PSS_VERSION }, allowedRegistries: [] };

  it('denies what the scan reports, with the same rule ID and message', async () => {
    const file = 'examples/policies/tests/objects/deployment-without-team.yaml';
    const { report } = await scanJson([file, '--policy', 'examples/policies', ...offline], { cwd: repo });
    const scanned = report.findings.filter((f) => f.ruleId.startsWith('policy/')).map((f) => `${f.ruleId}: ${f.message}`);
    expect(scanned).toEqual(['policy/require-team-label: Deployment web has no team label']);

    const policies = await loadPolicies(['examples/policies'], { cwd: repo });
    const decider = createAdmissionDecider({ config: defaultAdmissionConfig(), evaluator: { settings, policies }, namespaces: staticNamespaceLabels({ shop: {} }) });
    const decision = await decider.validate(review(parseYaml(readFileSync(join(repo, file), 'utf8')) as Record<string, unknown>));
    expect(decision.response.allowed).toBe(false);
    expect(decision.verdicts.filter((v) => v.ruleId.startsWith('policy/'))).toEqual([{ ruleId: 'policy/require-team-label', action: 'deny' }]);
    expect(decision.response.status?.message).toContain(scanned[0]!.slice('policy/require-team-label: '.length));
  });

  it('hands an UPDATE\'s old object to the policy', async () => {
    const tree = await makeTree({
      'immutable.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: team-is-immutable}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [UPDATE], resources: [deployments]}]
  validations:
    - expression: "object.metadata.labels.team == oldObject.metadata.labels.team"
      messageExpression: "'team label changed from ' + oldObject.metadata.labels.team"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: team-is-immutable}
spec: {policyName: team-is-immutable, validationActions: [Deny]}
`,
    });
    try {
      const policies = await loadPolicies(['.'], { cwd: tree.root });
      expect(policies.errors).toEqual([]);
      const decider = createAdmissionDecider({ config: { ...defaultAdmissionConfig(), enforceExisting: true }, evaluator: { settings, policies }, namespaces: staticNamespaceLabels({ shop: {} }) });
      const deployment = (team: string) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels: { team } }, spec: {} });
      const changed = await decider.validate(review(deployment('b'), deployment('a')));
      expect(changed.response.allowed).toBe(false);
      expect(changed.response.status?.message).toContain('team label changed from a');
      expect((await decider.validate(review(deployment('a'), deployment('a')))).response.allowed).toBe(true);
    } finally {
      await tree.cleanup();
    }
  });
});

describe('rampart admission audit --policy', () => {
  it('refuses to run with a policy that does not load (exit 3), before reaching any cluster', async () => {
    const tree = await makeTree({ 'policy/broken.yaml': 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: broken\nspec:\n  validations:\n    - expression: "((("\n' });
    try {
      const run = await runCli(['admission', 'audit', '--policy', 'policy', '--kubeconfig', 'missing.kubeconfig'], { cwd: tree.root });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^rampart: policy\/broken\.yaml:\d+: ValidatingAdmissionPolicy "broken"/);
      expect(run.stderr).not.toContain('kubeconfig');
    } finally {
      await tree.cleanup();
    }
  });
});

describeKube('rampart admission audit --policy: the cluster\'s objects', (env: KubeEnv) => {
  const namespace = uniqueNamespace('audit-policy');
  afterAll(async () => {
    await env.kubectl(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false']);
  });

  it('judges objects already in the cluster with the same policy ID and message as the scan', async () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace }, spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'ghcr.io/acme/shop:1.4' }] } } } },
    ];
    const setup = await env.kubectl(['apply', '-f', '-'], { input: objects.map((o) => JSON.stringify(o)).join('\n') });
    expect(setup.code, setup.stderr).toBe(0);
    const run = await runCli(['admission', 'audit', '--namespace', namespace, '--kubeconfig', env.kubeconfig, '--policy', join(repo, 'examples/policies')], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toContainEqual(expect.stringMatching(new RegExp(`^fail\\s+high\\s+policy/require-team-label\\s+${namespace}/Deployment/web\\s+Deployment web has no team label$`)));
  });
});
