import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestOpaEnvironment } from '../src/checks/policies/rego/testing/fixtures.js';
import { makeTree, type TempTree } from '../src/testing/tree.js';
import { runCli } from './helpers/cli.js';

/** `rampart policy test` on the shipped examples (one CEL policy, one Rego template) with the real engines. */
const repo = resolve(import.meta.dirname, '..');

useTestOpaEnvironment();

describe('rampart policy test', () => {
  it('passes the examples\' own tests, in Rampart\'s format and in a Gatekeeper suite', async () => {
    const run = await runCli(['policy', 'test', 'examples/policies'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS  require-team-label › a Deployment without a team label is denied  (examples/policies/tests/require-team-label.test.yaml:9)');
    expect(run.stdout).toContain('PASS  allowed-repos › images-from-allowed-repos › docker-hub-image');
    expect(run.stdout).toMatch(/\n7 passed, 0 failed\n$/);
  });

  it('reads Gatekeeper-library suites as `gator verify` does, inventories included', async () => {
    const run = await runCli(['policy', 'test', 'test/fixtures/policies/rego'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('PASS  uniqueingresshost › unique-ingress-host › same-ingress-already-in-inventory');
    expect(run.stdout).toMatch(/\n(\d+) passed, 0 failed\n$/);
  });

  it('reports the JSON form with the actual violations', async () => {
    const run = await runCli(['policy', 'test', 'examples/policies/allowed-repos', '--format', 'json'], { cwd: repo });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { passed: number; failed: number; results: Array<{ name: string; actual: { violations: Array<{ policy: string; message: string }> } }> };
    expect(report).toMatchObject({ passed: 3, failed: 0 });
    const denied = report.results.find((r) => r.name.endsWith('docker-hub-image'))!;
    expect(denied.actual.violations).toMatchObject([{ policy: 'allowed-repos', message: expect.stringContaining('container web uses image nginx:1.27') }]);
  });

  describe('on a failing test', () => {
    let tree: TempTree;
    beforeAll(async () => {
      tree = await makeTree({
        'vap.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: no-latest}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["pods"]}]
  validations:
    - expression: "object.spec.containers.all(c, !c.image.endsWith(':latest'))"
      message: "an image is tagged latest"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: no-latest}
spec: {policyName: no-latest, validationActions: [Warn]}
`,
        'no-latest.test.yaml': `apiVersion: rampart.io/v1alpha1
kind: PolicyTest
metadata: {name: no-latest}
policies: [vap.yaml]
cases:
  - name: latest is denied
    object: {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: a}, spec: {containers: [{name: c, image: "nginx:latest"}]}}
    expect:
      allowed: false
`,
      });
    });
    afterAll(() => tree.cleanup());

    it('exits 1 and says what differed', async () => {
      const run = await runCli(['policy', 'test', '.'], { cwd: tree.root });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('FAIL  no-latest › latest is denied  (no-latest.test.yaml:6)\n        expected denied, got allowed\n0 passed, 1 failed\n');
    });
  });

  it('exits 3 on a policy that does not compile, naming its file and line', async () => {
    const tree = await makeTree({
      'vap.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: broken}
spec:
  validations:
    - expression: "object.spec.(("
`,
      't.yaml': 'apiVersion: rampart.io/v1alpha1\nkind: PolicyTest\nmetadata: {name: t}\npolicies: [vap.yaml]\ncases:\n  - name: x\n    object: {kind: Pod}\n    expect: {allowed: true}\n',
    });
    try {
      const run = await runCli(['policy', 'test', '.'], { cwd: tree.root });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/^rampart: vap\.yaml:\d+: ValidatingAdmissionPolicy "broken": /);
    } finally {
      await tree.cleanup();
    }
  });

  it('is a usage error without a directory', async () => {
    const run = await runCli(['policy', 'test'], { cwd: repo });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('policy test takes one directory');
  });
});
