import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadPolicies } from '../src/checks/policies/load.js';
import { defaultAdmissionConfig } from '../src/config/admission.js';
import { LATEST_PSS_VERSION } from '../src/core/settings.js';
import { applyPatch } from '../src/services/admission/apply-patch.js';
import { createAdmissionDecider, staticNamespaceLabels } from '../src/services/admission/index.js';
import type { AdmissionRequest } from '../src/services/admission/review.js';
import { makeTree } from '../src/testing/tree.js';
import { runCli, scanJson } from './helpers/cli.js';

/** MutatingAdmissionPolicies through `rampart scan` (what would change, as a finding with a fix) and `/mutate`. */
const repo = resolve(import.meta.dirname, '..');
const offline = ['--skip-dependencies', '--skip-secrets'];
const example = 'examples/policies/default-seccomp';
const samplePod = parseYaml(readFileSync(join(repo, example, 'samples/pod.yaml'), 'utf8')) as Record<string, unknown>;

describe('rampart scan --policy with a MutatingAdmissionPolicy', () => {
  it('reports what the policy would change as an info finding whose fix is the change', async () => {
    const { code, report } = await scanJson([`${example}/samples`, '--policy', example, ...offline], { cwd: repo });
    expect(report.errors).toEqual([]);
    const found = report.findings.filter((f) => f.ruleId.startsWith('policy/'));
    expect(found).toEqual([
      expect.objectContaining({
        ruleId: 'policy/default-seccomp',
        severity: 'info',
        message: 'MutatingAdmissionPolicy default-seccomp would change this object at admission: add /spec/securityContext/seccompProfile',
        location: expect.objectContaining({ file: `${example}/samples/pod.yaml`, startLine: 7 }),
      }),
    ]);
    // What would change is information, not a failure: the gate is decided by the other findings.
    const gated = report.findings.some((f) => !f.suppressed && ['low', 'medium', 'high', 'critical'].includes(f.severity));
    expect(code).toBe(gated ? 1 : 0);
  });

  it('writes the change into the manifest with rampart fix, after which the policy has nothing left to change', async () => {
    const tree = await makeTree({
      'rampart.yaml': 'policies:\n  - policies/\n',
      'policies/seccomp.yaml': readFileSync(join(repo, example, 'policy.yaml'), 'utf8'),
      'deploy/pod.yaml': readFileSync(join(repo, example, 'samples/pod.yaml'), 'utf8'),
    });
    try {
      const fixed = await runCli(['fix', 'deploy', '--rule', 'policy/default-seccomp', '-q'], { cwd: tree.root });
      expect(fixed.stderr).toContain('applied 1 fix in 1 file');
      expect(readFileSync(join(tree.root, 'deploy/pod.yaml'), 'utf8')).toContain('seccompProfile:\n      type: RuntimeDefault');
      const { report } = await scanJson(['deploy', ...offline], { cwd: tree.root });
      expect(report.findings.filter((f) => f.ruleId === 'policy/default-seccomp')).toEqual([]);
    } finally {
      await tree.cleanup();
    }
  });

  it('fails the scan when a policy does not compile, pointing at its file and line', async () => {
    const tree = await makeTree({
      'policies/bad.yaml': readFileSync(join(repo, example, 'policy.yaml'), 'utf8').replace('reinvocationPolicy: IfNeeded', 'reinvocationPolicy: Sometimes'),
      'deploy/pod.yaml': readFileSync(join(repo, example, 'samples/pod.yaml'), 'utf8'),
    });
    try {
      const { code, report } = await scanJson(['deploy', '--policy', 'policies', ...offline], { cwd: tree.root });
      expect(code).toBe(3);
      expect(report.errors).toEqual([expect.objectContaining({
        file: 'policies/bad.yaml', line: 21,
        message: 'MutatingAdmissionPolicy "default-seccomp": spec.reinvocationPolicy: Unsupported value: "Sometimes": supported values: "IfNeeded", "Never"',
      })]);
    } finally {
      await tree.cleanup();
    }
  });
});

describe('rampart admission /mutate with a MutatingAdmissionPolicy', () => {
  const settings = { pss: { level: 'off' as const, version: LATEST_PSS_VERSION }, allowedRegistries: [] };
  const review = (object: Record<string, unknown>): AdmissionRequest => ({
    uid: 'u1', kind: { group: '', version: 'v1', kind: 'Pod' }, resource: { group: '', version: 'v1', resource: 'pods' },
    namespace: 'shop', operation: 'CREATE', userInfo: { username: 'alice', groups: ['system:authenticated'] }, object, dryRun: false,
  });

  it('patches the object as the policy would, merged with the configured mutations, and reinvokes IfNeeded policies', async () => {
    const policies = await loadPolicies([example], { cwd: repo });
    expect(policies.errors).toEqual([]);
    const config = defaultAdmissionConfig();
    // A configured mutation that sets a pod security context: the policy, IfNeeded, runs again on what it made.
    config.mutations = { ...config.mutations, labels: { 'rampart.io/mutated': 'yes' } };
    const decider = createAdmissionDecider({ config, evaluator: { settings, policies }, namespaces: staticNamespaceLabels({ shop: {} }) });
    const decision = await decider.mutate(review(samplePod));
    expect(decision.response.allowed).toBe(true);
    const patch = decision.response.patch!;
    expect(patch).toEqual([
      { op: 'add', path: '/spec/securityContext/seccompProfile', value: { type: 'RuntimeDefault' } },
      { op: 'add', path: '/metadata/labels', value: { 'rampart.io/mutated': 'yes' } },
    ]);
    const mutated = applyPatch(samplePod, patch);
    expect(mutated).toMatchObject({ metadata: { labels: { 'rampart.io/mutated': 'yes' } }, spec: { securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } } });
    // Mutating what was already mutated changes nothing.
    expect((await decider.mutate(review(mutated))).response.patch).toBeUndefined();
  });

  it('rejects the request when a failurePolicy Fail policy fails, and only warns under Ignore', async () => {
    const policy = (failurePolicy: string) => `apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicy
metadata: {name: broken}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [pods]}]
  failurePolicy: ${failurePolicy}
  reinvocationPolicy: Never
  mutations:
    - patchType: JSONPatch
      jsonPatch: {expression: '[JSONPatch{op: "remove", path: "/spec/nodeName"}]'}
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingAdmissionPolicyBinding
metadata: {name: broken}
spec: {policyName: broken}
`;
    for (const failurePolicy of ['Fail', 'Ignore']) {
      const tree = await makeTree({ 'broken.yaml': policy(failurePolicy) });
      try {
        const policies = await loadPolicies(['.'], { cwd: tree.root });
        expect(policies.errors).toEqual([]);
        const decider = createAdmissionDecider({ config: defaultAdmissionConfig(), evaluator: { settings, policies }, namespaces: staticNamespaceLabels({ shop: {} }) });
        const decision = await decider.mutate(review(samplePod));
        if (failurePolicy === 'Fail') {
          expect(decision.response.allowed).toBe(false);
          expect(decision.response.status).toMatchObject({ code: 403, message: "MutatingAdmissionPolicy 'broken' denied request: /spec/nodeName: path not found" });
        } else {
          expect(decision.response.allowed).toBe(true);
          expect(decision.response.warnings).toEqual(['MutatingAdmissionPolicy broken could not be evaluated: /spec/nodeName: path not found (failurePolicy Ignore)']);
        }
      } finally {
        await tree.cleanup();
      }
    }
  });
});
