import { afterEach, describe, expect, it } from 'vitest';
import { makeTree, type TempTree } from '../testing/tree.js';
import { DEFAULT_TEST_SETTINGS } from '../testing/kubernetes.js';
import { fakeCompiler, FAKE_API_VERSION } from '../checks/policies/testing/fake.js';
import { loadPolicies } from '../checks/policies/load.js';
import { resolveScanOptions, type ScanSetup } from './options.js';
import { scan } from './full-scan.js';
import { writeBaseline, readBaseline } from './baseline.js';
import { createEvaluator } from './evaluate.js';
import { UnknownRuleError } from './unknown-rule-error.js';
import { createAdmissionDecider, staticNamespaceLabels } from '../services/admission/index.js';
import { defaultAdmissionConfig } from '../config/admission.js';
import type { AdmissionRequest } from '../services/admission/review.js';

const requireTeam = (extra = '') => `apiVersion: ${FAKE_API_VERSION}
kind: FakePolicy
metadata:
  name: require-team
  annotations:
    description: Every object names the team that answers for it.
spec:
  label: team
  kinds: [Deployment]
${extra}`;

const deployment = (name: string, labels = '', annotations = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
${labels ? `  labels:\n    ${labels}\n` : ''}${annotations ? `  annotations:\n    ${annotations}\n` : ''}spec:
  template:
    spec:
      containers: []
`;

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.cleanup();
  tree = undefined;
});

async function scanTree(files: Record<string, string>, setup: Partial<ScanSetup> = {}) {
  tree = await makeTree(files);
  const { options } = await resolveScanOptions({
    cwd: tree.root,
    paths: ['app'],
    secrets: false,
    vulnerabilities: false,
    policies: ['policies'],
    policyCompilers: [fakeCompiler],
    ...setup,
  });
  const { report } = await scan({ ...options, now: new Date('2026-01-01') });
  return { report, policyFindings: report.findings.filter((f) => f.ruleId.startsWith('policy/')) };
}

describe('users\' policies in a scan', () => {
  it('reports a violation as a finding of policy/<name> at the field, high for a denial, with the policy as its rule', async () => {
    const { report, policyFindings } = await scanTree({ 'policies/team.yaml': requireTeam(), 'app/web.yaml': `${deployment('web', 'app: web')}---\n${deployment('api', 'team: shop')}` });
    expect(policyFindings).toHaveLength(1);
    const [finding] = policyFindings;
    expect(finding).toMatchObject({
      ruleId: 'policy/require-team',
      severity: 'high',
      title: 'require-team',
      message: 'label team is required',
      fieldPath: 'metadata.labels',
      resource: { kind: 'Deployment', name: 'web', namespace: 'shop' },
      aliases: ['policy:require-team'],
      location: { file: 'app/web.yaml', startLine: 6 },
    });
    const rule = report.rules.find((r) => r.id === 'policy/require-team');
    expect(rule).toMatchObject({ title: 'require-team', rationale: 'Every object names the team that answers for it.', severity: 'high' });
    expect(report.errors).toEqual([]);
  });

  it('maps warn to medium and audit to low, the strongest action winning', async () => {
    const warn = await scanTree({ 'policies/team.yaml': requireTeam('  actions: [warn]'), 'app/web.yaml': deployment('web') });
    expect(warn.policyFindings.map((f) => f.severity)).toEqual(['medium']);
    await tree!.cleanup();
    const audit = await scanTree({ 'policies/team.yaml': requireTeam('  actions: [audit]'), 'app/web.yaml': deployment('web') });
    expect(audit.policyFindings.map((f) => f.severity)).toEqual(['low']);
    await tree!.cleanup();
    const both = await scanTree({ 'policies/team.yaml': requireTeam('  actions: [audit, warn]'), 'app/web.yaml': deployment('web') });
    expect(both.policyFindings.map((f) => f.severity)).toEqual(['medium']);
  });

  it('takes severities and switches from rampart.yaml by either spelling of the ID', async () => {
    const files = { 'policies/team.yaml': requireTeam(), 'app/web.yaml': deployment('web') };
    const critical = await scanTree({ ...files, 'rampart.yaml': 'rules:\n  "policy:require-team": critical\n' });
    expect(critical.policyFindings.map((f) => f.severity)).toEqual(['critical']);
    expect(critical.report.rules.find((r) => r.id === 'policy/require-team')?.severity).toBe('critical');
    await tree!.cleanup();
    const off = await scanTree({ ...files, 'rampart.yaml': 'rules:\n  policy/require-team: off\n' });
    expect(off.policyFindings).toEqual([]);
    expect(off.report.rules.some((r) => r.id === 'policy/require-team')).toBe(false);
  });

  it('reads `policies:` from rampart.yaml relative to the config file', async () => {
    const { policyFindings } = await scanTree(
      { 'config/rampart.yaml': 'policies: [../policies]\n', 'policies/team.yaml': requireTeam(), 'app/web.yaml': deployment('web') },
      { configFile: 'config/rampart.yaml', policies: [] },
    );
    expect(policyFindings.map((f) => f.ruleId)).toEqual(['policy/require-team']);
  });

  it('honours every suppression: comment, annotation, config exemption, ignore file and baseline', async () => {
    const comment = await scanTree({ 'policies/team.yaml': requireTeam(), 'app/web.yaml': `# rampart:ignore policy:require-team owned by the platform\n${deployment('web')}` });
    expect(comment.policyFindings[0]?.suppressed?.kind).toBe('inline');
    await tree!.cleanup();
    const annotation = await scanTree({ 'policies/team.yaml': requireTeam(), 'app/web.yaml': deployment('web', '', 'rampart.io/ignore: "policy/require-team: legacy"') });
    expect(annotation.policyFindings[0]?.suppressed?.kind).toBe('annotation');
    await tree!.cleanup();
    const exemption = await scanTree({
      'policies/team.yaml': requireTeam(),
      'app/web.yaml': deployment('web'),
      'rampart.yaml': 'exemptions:\n  - rule: policy:require-team\n    name: web\n    reason: vendor chart\n',
    });
    expect(exemption.policyFindings[0]?.suppressed?.kind).toBe('config');
    await tree!.cleanup();
    const ignored = await scanTree({
      'policies/team.yaml': requireTeam(),
      'app/web.yaml': deployment('web'),
      '.rampartignore.yaml': 'ignores:\n  - rule: policy/require-team\n    reason: migrating\n    expires: 2099-01-01\n',
    });
    expect(ignored.policyFindings[0]?.suppressed?.kind).toBe('ignore-file');
  });

  it('keeps a baselined policy finding suppressed on the next scan', async () => {
    const first = await scanTree({ 'policies/team.yaml': requireTeam(), 'app/web.yaml': deployment('web') });
    await writeBaseline(tree!.path('baseline.json'), first.report, new Date('2026-01-01'));
    const { options } = await resolveScanOptions({ cwd: tree!.root, paths: ['app'], secrets: false, vulnerabilities: false, policies: ['policies'], policyCompilers: [fakeCompiler], baselineFile: 'baseline.json' });
    expect((await readBaseline(tree!.path('baseline.json'))).size).toBeGreaterThan(0);
    const { report } = await scan(options);
    expect(report.findings.find((f) => f.ruleId === 'policy/require-team')?.suppressed?.kind).toBe('baseline');
  });

  it('gives policies every scanned object as their inventory', async () => {
    const unique = `apiVersion: ${FAKE_API_VERSION}\nkind: FakePolicy\nmetadata:\n  name: unique-names\nspec:\n  unique: true\n  kinds: [Deployment]\n`;
    const { policyFindings } = await scanTree({
      'policies/unique.yaml': unique,
      'app/a.yaml': deployment('web', 'team: a'),
      'app/b.yaml': deployment('web', 'team: b'),
      'app/c.yaml': deployment('api', 'team: c'),
    });
    expect(policyFindings.map((f) => `${f.location.file} ${f.message}`)).toEqual(['app/a.yaml another Deployment is named web', 'app/b.yaml another Deployment is named web']);
  });

  it('turns a failure into a denial under failurePolicy Fail and into a warning under Ignore', async () => {
    const failing = (policy: string) => `apiVersion: ${FAKE_API_VERSION}\nkind: FakePolicy\nmetadata:\n  name: broken\nspec:\n  fail: ${policy}\n`;
    const fail = await scanTree({ 'policies/broken.yaml': failing('Fail'), 'app/web.yaml': deployment('web') });
    expect(fail.policyFindings).toMatchObject([{ ruleId: 'policy/broken', severity: 'high', message: expect.stringContaining('could not be evaluated: no such key: boom (failurePolicy Fail)') }]);
    await tree!.cleanup();
    const ignore = await scanTree({ 'policies/broken.yaml': failing('Ignore'), 'app/web.yaml': deployment('web') });
    expect(ignore.policyFindings).toEqual([]);
    expect(ignore.report.errors).toMatchObject([{ file: 'app/web.yaml', level: 'warning', message: expect.stringContaining('failurePolicy Ignore') }]);
  });

  it('reports an engine fault at the object as a scan error, and judges the other objects', async () => {
    const crash = `apiVersion: ${FAKE_API_VERSION}\nkind: FakePolicy\nmetadata:\n  name: crash\nspec:\n  crash: true\n  kinds: [Deployment]\n`;
    const { report } = await scanTree({ 'policies/crash.yaml': crash, 'app/web.yaml': deployment('web'), 'app/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n' });
    expect(report.errors).toEqual([{ file: 'app/web.yaml', line: 1, message: 'policy evaluation failed on Deployment/web: engine bug' }]);
    expect(report.findings.some((f) => f.location.file === 'app/pod.yaml')).toBe(true);
  });

  it('reports policies that do not load at their file and line, and still scans with the rest', async () => {
    const { report, policyFindings } = await scanTree({
      'policies/team.yaml': requireTeam(),
      'policies/bad.yaml': `apiVersion: ${FAKE_API_VERSION}\nkind: FakePolicy\nmetadata:\n  name: bad\nspec:\n  label: [not, a, string]\n`,
      'policies/broken.yaml': 'apiVersion: v1\nkind: [\n',
      'app/web.yaml': deployment('web'),
    });
    expect(report.errors).toHaveLength(2);
    expect(report.errors).toContainEqual(expect.objectContaining({ file: 'policies/broken.yaml', line: expect.any(Number) }));
    expect(report.errors).toContainEqual({ file: 'policies/bad.yaml', line: 1, message: 'spec.label must be a string' });
    expect(policyFindings.map((f) => f.ruleId)).toEqual(['policy/require-team']);
  });

  it('rejects a rampart.yaml rule that names no rule nor policy', async () => {
    await expect(scanTree({ 'policies/team.yaml': requireTeam(), 'app/web.yaml': deployment('web'), 'rampart.yaml': 'rules:\n  policy/missing: high\n' })).rejects.toThrow(UnknownRuleError);
  });
});

describe('users\' policies at admission', () => {
  it('gives the webhook\'s evaluation the same rule, severity and message as the scan', async () => {
    tree = await makeTree({ 'policies/team.yaml': requireTeam() });
    const policies = await loadPolicies(['policies'], { cwd: tree.root, compilers: [fakeCompiler] });
    const evaluate = createEvaluator({ settings: DEFAULT_TEST_SETTINGS, policies });
    const object = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: {} };
    const found = evaluate(object, { operation: 'CREATE', namespace: 'shop' }).findings.filter((f) => f.ruleId.startsWith('policy/'));
    expect(found).toMatchObject([{ ruleId: 'policy/require-team', severity: 'high', message: 'label team is required', fieldPath: 'metadata.labels' }]);
  });

  it('denies through the admission decider with the policy\'s ID and message', async () => {
    tree = await makeTree({ 'policies/team.yaml': requireTeam() });
    const policies = await loadPolicies(['policies'], { cwd: tree.root, compilers: [fakeCompiler] });
    const decider = createAdmissionDecider({
      config: defaultAdmissionConfig(),
      evaluator: { settings: { ...DEFAULT_TEST_SETTINGS, pss: { level: 'off', version: DEFAULT_TEST_SETTINGS.pss.version } }, policies, rules: { 'policy:require-team': { severity: 'high' } } },
      namespaces: staticNamespaceLabels({ shop: {} }),
    });
    const request = (labels: Record<string, string>): AdmissionRequest => ({
      uid: 'u1',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      namespace: 'shop',
      operation: 'CREATE',
      userInfo: { username: 'alice', groups: ['system:authenticated'] },
      dryRun: false,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop', labels }, spec: { template: { spec: { containers: [] } } } },
    });
    const denied = await decider.validate(request({}));
    expect(denied.response.allowed).toBe(false);
    expect(denied.response.status?.message).toContain('policy/require-team');
    expect(denied.response.status?.message).toContain('label team is required');
    const allowed = await decider.validate(request({ team: 'shop' }));
    expect(allowed.verdicts.filter((v) => v.ruleId.startsWith('policy/'))).toEqual([]);
  });
});
