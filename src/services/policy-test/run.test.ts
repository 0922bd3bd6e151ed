import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../../testing/tree.js';
import { fakeCompiler, FAKE_API_VERSION } from '../../checks/policies/testing/fake.js';
import { runPolicyTests } from './run.js';

const policy = `apiVersion: ${FAKE_API_VERSION}
kind: FakePolicy
metadata:
  name: require-team
spec:
  label: team
  kinds: [Deployment]
`;
const warnPolicy = policy.replace('require-team', 'want-owner').replace('label: team', 'label: owner\n  actions: [warn]');
const object = (labels: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {${labels}}\n`;

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

async function run(files: Record<string, string | { symlink: string }>, dir = 'tests') {
  tree = await makeTree(files);
  return runPolicyTests(dir, { cwd: tree.root, compilers: [fakeCompiler] });
}

const rampartTest = (cases: string, header = 'policies: [policies/]') => `apiVersion: rampart.io/v1alpha1
kind: PolicyTest
metadata:
  name: team
${header}
cases:
${cases}`;

describe('rampart policy test, Rampart\'s format', () => {
  it('passes cases whose expectations hold, with inline objects and object files', async () => {
    const report = await run({
      'tests/policies/team.yaml': policy,
      'tests/policies/owner.yaml': warnPolicy,
      'tests/objects/labelled.yaml': object('team: a, owner: b'),
      'tests/team.test.yaml': rampartTest(`  - name: denied without a team
    object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, labels: {owner: x}}}
    expect:
      allowed: false
      violations: [{policy: require-team, message: team is required}]
  - name: allowed with a team, warned without an owner
    object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web, labels: {team: a}}}
    expect:
      allowed: true
      warnings: [{policy: want-owner}]
  - name: a labelled object file
    object: objects/labelled.yaml
    expect: {allowed: true, violations: []}
`),
    });
    expect(report.errors).toEqual([]);
    expect(report.results.map((r) => [r.name, r.passed, r.differences])).toEqual([
      ['team › denied without a team', true, []],
      ['team › allowed with a team, warned without an owner', true, []],
      ['team › a labelled object file', true, []],
    ]);
    expect(report.results[0]!.line).toBe(7);
  });

  it('says what differed when a case fails', async () => {
    const report = await run({
      'tests/policies/team.yaml': policy,
      'tests/team.test.yaml': rampartTest(`  - name: wrongly expected allowed
    object: {apiVersion: apps/v1, kind: Deployment, metadata: {name: web}}
    expect:
      allowed: true
      violations: [{policy: require-team, message: owner}]
`),
    });
    expect(report).toMatchObject({ passed: 0, failed: 1 });
    expect(report.results[0]!.differences).toEqual([
      'expected allowed, got denied: require-team (deny): label team is required',
      'expected a violation of require-team with a message containing "owner", got none (violations: require-team (deny): label team is required)',
      'unexpected violation: require-team (deny): label team is required',
    ]);
  });

  it('reports a malformed test at its line, and refuses files outside the tested directory', async () => {
    const report = await run({
      'outside/team.yaml': policy,
      'tests/policies/team.yaml': policy,
      'tests/escape.test.yaml': rampartTest('  - name: x\n    object: {kind: Pod}\n    expect: {allowed: true}\n', 'policies: [../outside/team.yaml]'),
      'tests/link.yaml': { symlink: '../outside/team.yaml' },
      'tests/bad.test.yaml': rampartTest('  - name: no expectation\n    object: {kind: Pod}\n    expect: {}\n'),
    });
    expect(report.results).toEqual([]);
    expect(report.errors).toContainEqual({ file: 'tests/escape.test.yaml', line: 5, message: '../outside/team.yaml is outside the tested directory, not read' });
    expect(report.errors).toContainEqual({ file: 'tests/bad.test.yaml', line: 9, message: '"expect" must say "allowed", "violations" or "warnings"' });
    expect(report.errors).toContainEqual(expect.objectContaining({ file: 'tests/link.yaml', message: expect.stringContaining('outside the scanned root') }));
  });

  it('is an error when the directory holds no test', async () => {
    const report = await run({ 'tests/policies/team.yaml': policy });
    expect(report.errors).toEqual([{ file: 'tests', message: 'no PolicyTest (rampart.io/v1alpha1) or Gatekeeper Suite file found' }]);
  });
});

describe('rampart policy test, Gatekeeper-library suites', () => {
  const suite = (assertions: string) => `kind: Suite
apiVersion: test.gatekeeper.sh/v1alpha1
metadata:
  name: requiredlabels
tests:
- name: team-label
  template: template.yaml
  constraint: samples/constraint.yaml
  cases:
  - name: example-allowed
    object: samples/allowed.yaml
    assertions:
    - violations: no
  - name: example-disallowed
    object: samples/disallowed.yaml
    assertions:
${assertions}
`;
  const files = (assertions: string) => ({
    'lib/requiredlabels/template.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-a-policy\n',
    'lib/requiredlabels/samples/constraint.yaml': policy,
    'lib/requiredlabels/samples/allowed.yaml': object('team: a'),
    'lib/requiredlabels/samples/disallowed.yaml': object('app: x'),
    'lib/requiredlabels/suite.yaml': suite(assertions),
  });

  it('reads yes, no and counts with message patterns', async () => {
    const report = await run(files('    - violations: yes\n    - violations: 1\n      message: "label \\\\w+ is required"\n    - violations: 0\n      message: owner'), 'lib');
    expect(report.errors).toEqual([]);
    expect(report.results.map((r) => [r.name, r.passed])).toEqual([
      ['requiredlabels › team-label › example-allowed', true],
      ['requiredlabels › team-label › example-disallowed', true],
    ]);
  });

  it('fails a count that does not hold, naming the violations there were', async () => {
    const report = await run(files('    - violations: 2'), 'lib');
    expect(report.results[1]!.differences).toEqual(['expected 2 violations, got 1 (violations: require-team (deny): label team is required)']);
  });
});
