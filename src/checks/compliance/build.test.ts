import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeScope } from '../../cli/compliance-output.js';
import type { RuleSettings } from '../../core/settings.js';
import { scanNode } from '../../pipeline/node.js';
import { scan } from '../../pipeline/full-scan.js';
import type { ScanOptions } from '../../pipeline/scan.js';
import { DEFAULT_TEST_SETTINGS, deployment, pod } from '../../testing/kubernetes.js';
import type { Report } from '../../core/report.js';
import { buildComplianceReport } from './build.js';
import type { ComplianceReport, ControlStatus, FrameworkId } from './types.js';

const NOW = new Date('2026-06-01T00:00:00Z');
const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function options(stdinText: string, settings: RuleSettings = DEFAULT_TEST_SETTINGS): ScanOptions {
  return { paths: ['-'], stdinText, cwd: tmpdir(), exclude: [], settings, rules: {}, exemptions: [], ignoreEntries: [], strict: false, now: NOW };
}

/** A scan as `rampart scan - --compliance` runs it: the report, and the kinds the scan had in front of it. */
async function comply(framework: FrameworkId, yaml: string, settings?: RuleSettings): Promise<ComplianceReport> {
  const scanOptions = options(yaml, settings);
  const { report } = await scan(scanOptions);
  return buildComplianceReport(report, framework, { now: NOW });
}

const statusOf = (report: ComplianceReport, id: string): ControlStatus | undefined => report.controls.find((c) => c.id === id)?.status;
const control = (report: ComplianceReport, id: string) => {
  const found = report.controls.find((c) => c.id === id);
  if (!found) throw new Error(`no control ${id}`);
  return found;
};

const HARDENED_SPEC = [
  'automountServiceAccountToken: false',
  'serviceAccountName: web',
  'securityContext:',
  '  runAsNonRoot: true',
  '  runAsUser: 10001',
  '  runAsGroup: 10001',
  '  seccompProfile: {type: RuntimeDefault}',
  'containers:',
  '  - name: app',
  '    image: registry.example.com/app@sha256:' + 'a'.repeat(64),
  '    securityContext:',
  '      allowPrivilegeEscalation: false',
  '      readOnlyRootFilesystem: true',
  '      capabilities: {drop: [ALL]}',
  '    resources:',
  '      requests: {cpu: 100m, memory: 64Mi}',
  '      limits: {cpu: 200m, memory: 128Mi}',
].join('\n');

const PRIVILEGED_SPEC = ['hostNetwork: true', 'containers:', '  - name: app', '    image: nginx:1.27', '    securityContext: {privileged: true}'].join('\n');

describe('Pod Security Standards', () => {
  it('passes every control of both levels on a hardened pod', async () => {
    const report = await comply('pss', pod(HARDENED_SPEC));
    expect(report.controls.map((c) => [c.id, c.status]).filter(([, status]) => status !== 'pass')).toEqual([]);
    expect(report.summary).toMatchObject({ total: 19, pass: 19, fail: 0 });
    expect(control(report, 'baseline/privileged').rulesJudged).toEqual(['k8s/pss-privileged']);
  });

  it('fails the controls a privileged pod breaks, with the object and line as evidence, and passes the rest', async () => {
    const report = await comply('pss', pod(PRIVILEGED_SPEC));
    const privileged = control(report, 'baseline/privileged');
    expect(privileged.status).toBe('fail');
    expect(privileged.failing).toEqual([
      expect.objectContaining({ ruleId: 'k8s/pss-privileged', file: '<stdin>', line: 11, resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'app', name: 'test' }, fieldPath: 'spec.containers[0].securityContext.privileged' }),
    ]);
    expect(statusOf(report, 'baseline/hostNamespaces')).toBe('fail');
    expect(privileged.reason).toBe('1 unsuppressed finding of k8s/pss-privileged.');
    expect(statusOf(report, 'baseline/hostPathVolumes')).toBe('pass');
    expect(statusOf(report, 'restricted/runAsNonRoot')).toBe('fail');
    expect(report.summary.fail + report.summary.pass).toBe(19);
  });

  it('leaves the restricted controls not applicable when the scan ran at the baseline level', async () => {
    const report = await comply('pss', pod(PRIVILEGED_SPEC), { ...DEFAULT_TEST_SETTINGS, pss: { ...DEFAULT_TEST_SETTINGS.pss, level: 'baseline' } });
    const restricted = report.controls.filter((c) => c.level === 'restricted');
    expect(restricted.map((c) => c.status)).toEqual(restricted.map(() => 'not-applicable'));
    expect(control(report, 'restricted/runAsNonRoot').reason).toContain('Not run in this scan: k8s/pss-run-as-non-root');
    expect(statusOf(report, 'baseline/privileged')).toBe('fail');
  });

  it('lists suppressed findings with their reason and does not fail the control for them', async () => {
    const annotated = pod(PRIVILEGED_SPEC.replace('hostNetwork: true\n', ''), 'annotations:\n  rampart.io/ignore: "k8s/pss-privileged: the CNI agent needs it"\n');
    const report = await comply('pss', annotated);
    const privileged = control(report, 'baseline/privileged');
    expect(privileged.status).toBe('pass');
    expect(privileged.failing).toEqual([]);
    expect(privileged.suppressed).toEqual([expect.objectContaining({ ruleId: 'k8s/pss-privileged', suppression: { kind: 'annotation', reason: 'the CNI agent needs it' } })]);
    expect(privileged.reason).toContain('1 finding suppressed');
  });
});

describe('CIS Kubernetes Benchmark', () => {
  it('judges hostPID, hostIPC and hostNetwork apart although one rule checks all three', async () => {
    const report = await comply('cis', deployment(PRIVILEGED_SPEC));
    expect(statusOf(report, '5.2.5')).toBe('fail');
    expect(statusOf(report, '5.2.3')).toBe('pass');
    expect(statusOf(report, '5.2.4')).toBe('pass');
    expect(control(report, '5.2.5').failing.map((e) => e.fieldPath)).toEqual(['spec.template.spec.hostNetwork']);
    expect(statusOf(report, '5.2.2')).toBe('fail');
  });

  it('passes nothing a manifest scan cannot judge: control plane, nodes, and RBAC without roles', async () => {
    const report = await comply('cis', deployment(HARDENED_SPEC));
    const judged = report.controls.filter((c) => c.status === 'pass' || c.status === 'fail').map((c) => c.id);
    expect(judged.every((id) => id.startsWith('5.'))).toBe(true);
    expect(statusOf(report, '1.2.1')).toBe('not-applicable');
    expect(statusOf(report, '4.2.4')).toBe('not-applicable');
    expect(statusOf(report, '1.2.28')).toBe('not-applicable');
    expect(statusOf(report, '5.1.3')).toBe('not-applicable');
    expect(statusOf(report, '5.2.2')).toBe('pass');
    expect(statusOf(report, '5.1.7')).toBe('manual');
    expect(report.scanned.kinds).toEqual(['Deployment']);
  });

  it('judges RBAC controls once roles are scanned: a wildcard fails 5.1.3, a narrow role passes it', async () => {
    const role = (verbs: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader, namespace: app}\nrules:\n  - apiGroups: [""]\n    resources: [configmaps]\n    verbs: ${verbs}\n`;
    const wildcard = await comply('cis', role('["*"]'));
    expect(statusOf(wildcard, '5.1.3')).toBe('fail');
    expect(control(wildcard, '5.1.3').failing[0]).toMatchObject({ ruleId: 'k8s/rbac-wildcard', resource: { kind: 'Role', name: 'reader' } });
    const narrow = await comply('cis', role('[get]'));
    expect(statusOf(narrow, '5.1.3')).toBe('pass');
    expect(statusOf(narrow, '5.2.2')).toBe('not-applicable');
  });

  it('judges a control-plane node from rampart node, and only what the node runs', () => {
    const full = nodeTree('kubeadm', () => undefined);
    const clean = nodeCompliance(full);
    const automated = clean.controls.filter((c) => c.coverage !== 'manual' && !c.id.startsWith('5.'));
    // 1.2.28 is judged on the EncryptionConfiguration file by rampart scan, which rampart node does not run.
    expect(automated.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.status}`)).toEqual(['1.2.28 not-applicable']);
    expect(clean.controls.filter((c) => c.id.startsWith('5.') && c.coverage !== 'manual').every((c) => c.status === 'not-applicable')).toBe(true);

    const loose = nodeTree('kubeadm', (root) => chmodSync(join(root, 'etc/kubernetes/manifests/kube-apiserver.yaml'), 0o644));
    const failed = nodeCompliance(loose);
    expect(statusOf(failed, '1.1.1')).toBe('fail');
    expect(control(failed, '1.1.1').failing[0]).toMatchObject({ ruleId: 'k8s/node-apiserver-manifest-permissions', resource: { kind: 'File', name: '/etc/kubernetes/manifests/kube-apiserver.yaml' } });

    // A worker: the kubelet and its files only. The API server controls are not met by its silence.
    const worker = nodeTree('kubeadm', (root) => {
      rmSync(join(root, 'etc/kubernetes/manifests'), { recursive: true });
      for (const file of ['admin.conf', 'super-admin.conf', 'scheduler.conf', 'controller-manager.conf']) rmSync(join(root, 'etc/kubernetes', file));
      rmSync(join(root, 'var/lib/etcd'), { recursive: true });
    });
    const workerReport = nodeCompliance(worker);
    expect(statusOf(workerReport, '4.2.4')).toBe('pass');
    expect(statusOf(workerReport, '4.1.9')).toBe('pass');
    for (const id of ['1.1.1', '1.2.1', '1.3.2', '1.4.1', '2.1', '3.2.1']) expect(statusOf(workerReport, id), id).toBe('not-applicable');
  });
});

describe('NSA/CISA Kubernetes Hardening Guide', () => {
  it('fails the pod security controls of the careless demo app and passes them on the hardened one', async () => {
    const careless = await scanDirectory('nsa', 'examples/demo-app');
    for (const id of ['NSA-POD-1', 'NSA-POD-4', 'NSA-POD-6', 'NSA-POD-8', 'NSA-NET-2', 'NSA-NET-3', 'NSA-NET-11']) expect(statusOf(careless, id), id).toBe('fail');
    const hardened = await scanDirectory('nsa', 'examples/demo-app-hardened');
    for (const id of ['NSA-POD-1', 'NSA-POD-4', 'NSA-POD-6', 'NSA-POD-8', 'NSA-NET-2', 'NSA-NET-3', 'NSA-NET-11']) expect(statusOf(hardened, id), id).toBe('pass');
    expect(statusOf(hardened, 'NSA-AUTH-2')).toBe('not-applicable');
    expect(statusOf(hardened, 'NSA-LOG-4')).toBe('manual');
  });
});

/** A report as contract versions before 1.3.0 stored it: without the kinds it scanned. */
function withoutKinds(report: Report): Report {
  const { resourceKinds: _named, ...summary } = report.summary;
  return { ...report, summary };
}

describe('what a report alone proves', () => {
  it('the kinds a report names are its scope: a clean hardened Pod passes every Pod Security control', async () => {
    const { report } = await scan(options(pod(HARDENED_SPEC)));
    expect(report.summary.resourceKinds).toEqual({ Pod: 1 });
    expect(buildComplianceReport(report, 'pss', { now: NOW }).summary.pass).toBe(19);
  });

  it('without a scope, a report without findings passes no control: silence alone is not evidence', async () => {
    const { report } = await scan(options(pod(HARDENED_SPEC)));
    const compliance = buildComplianceReport(withoutKinds({ ...report, findings: [] }), 'pss', { now: NOW });
    expect(compliance.summary.pass).toBe(0);
    expect(compliance.summary['not-applicable']).toBe(19);
  });

  it('without a scope, a finding proves its object was judged by every rule for its kind', async () => {
    // The hardened pod minus its CPU limit: findings on a Pod, so the pod security rules judged that Pod too.
    const { report } = await scan(options(pod(HARDENED_SPEC.replace('cpu: 200m, ', ''))));
    expect(report.findings.map((f) => f.ruleId)).toContain('k8s/cpu-limit-missing');
    expect(report.findings.filter((f) => f.ruleId.startsWith('k8s/pss-'))).toEqual([]);
    const compliance = buildComplianceReport(withoutKinds(report), 'pss', { now: NOW });
    expect(compliance.summary.pass).toBe(19);
    expect(compliance.scanned.kinds).toEqual(['Pod']);
    const nsa = buildComplianceReport(withoutKinds(report), 'nsa', { now: NOW });
    expect(statusOf(nsa, 'NSA-NET-3')).toBe('fail');
    expect(statusOf(nsa, 'NSA-AUTH-4')).toBe('not-applicable');
  });

  it('without a scope, findings still fail their controls', async () => {
    const { report } = await scan(options(pod(PRIVILEGED_SPEC)));
    const compliance = buildComplianceReport(report, 'pss', { now: NOW });
    expect(statusOf(compliance, 'baseline/privileged')).toBe('fail');
  });

  it('marks a report with unreadable input incomplete and carries its errors', async () => {
    const { report } = await scan(options('apiVersion: v1\nkind: Pod\nmetadata: {name: a\n'));
    const compliance = buildComplianceReport(report, 'pss', { now: NOW });
    expect(compliance.incomplete).toBe(true);
    expect(compliance.errors.length).toBeGreaterThan(0);
  });

  it('leaves the scan report as it was', async () => {
    const { report } = await scan(options(pod(PRIVILEGED_SPEC)));
    const before = JSON.stringify(report);
    buildComplianceReport(report, 'cis', { now: NOW });
    expect(JSON.stringify(report)).toBe(before);
  });
});

async function scanDirectory(framework: FrameworkId, dir: string): Promise<ComplianceReport> {
  const cwd = join(import.meta.dirname, '../../..');
  const scanOptions: ScanOptions = { paths: [dir], cwd, exclude: [], settings: DEFAULT_TEST_SETTINGS, rules: {}, exemptions: [], ignoreEntries: [], strict: false, now: NOW };
  const { report } = await scan(scanOptions);
  return buildComplianceReport(report, framework, { now: NOW });
}

/** A copy of a node fixture with a careful node's modes (git keeps none), then `change` applied. */
function nodeTree(name: string, change: (root: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), `rampart-compliance-${name}-`));
  temps.push(root);
  cpSync(join(import.meta.dirname, '../../../test/fixtures/node', name), root, { recursive: true });
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      chmodSync(child, entry.isDirectory() ? 0o700 : 0o600);
      if (entry.isDirectory()) visit(child);
    }
  };
  visit(root);
  change(root);
  return root;
}

function nodeCompliance(root: string): ComplianceReport {
  const { report, facts } = scanNode({
    root,
    proc: false,
    owner: { uid: process.getuid!(), gid: process.getgid!(), label: 'the test user' },
    cwd: root,
    settings: DEFAULT_TEST_SETTINGS,
    rules: {},
    exemptions: [],
    ignoreEntries: [],
    strict: false,
  });
  return buildComplianceReport(report, 'cis', { scope: nodeScope(facts), now: NOW });
}
