import { chmodSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FRAMEWORKS as DEFINITIONS } from '../src/checks/compliance/frameworks.js';
import { runCli } from './helpers/cli.js';
import { describeKube, uniqueNamespace } from './helpers/kube-env.js';

const ROOT = join(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'rampart-compliance-cli-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface JsonControl {
  id: string;
  status: string;
  rules: string[];
  failing: Array<{ ruleId: string; file: string; line: number; resource?: { kind: string; name?: string } }>;
}
interface JsonCompliance {
  framework: { id: string };
  summary: Record<string, number>;
  controls: JsonControl[];
}

const FRAMEWORKS = {
  nsa: { failing: 'NSA-POD-4', passing: 'NSA-POD-7', count: DEFINITIONS.nsa.controls.length },
  cis: { failing: '5.2.2', passing: '5.2.13', count: DEFINITIONS.cis.controls.length },
  pss: { failing: 'baseline/privileged', passing: 'baseline/hostPorts', count: DEFINITIONS.pss.controls.length },
} as const;

describe.each(Object.entries(FRAMEWORKS))('rampart scan examples/demo-app --compliance %s', (framework, expected) => {
  it('table: every control, its status and the failing objects, exit 1 from the findings gate', async () => {
    const run = await runCli(['scan', 'examples/demo-app', '--compliance', framework], { cwd: ROOT });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`fail\\s+${expected.failing.replace(/[./]/g, '\\$&')}\\s`));
    expect(run.stdout).toMatch(new RegExp(`pass\\s+${expected.passing.replace(/[./]/g, '\\$&')}\\s`));
    expect(run.stdout).toContain('examples/demo-app/k8s/deployment.yaml:');
    expect(run.stdout).toContain(`${expected.count} controls:`);
  });

  it('json: the contract, with file and line for each failing object', async () => {
    const run = await runCli(['scan', 'examples/demo-app', '--compliance', framework, '--format', 'json', '--fail-on', 'never'], { cwd: ROOT });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonCompliance;
    expect(report.framework.id).toBe(framework);
    expect(report.controls).toHaveLength(expected.count);
    const failing = report.controls.find((c) => c.id === expected.failing)!;
    expect(failing.status).toBe('fail');
    expect(failing.failing[0]).toMatchObject({ file: 'examples/demo-app/k8s/deployment.yaml', resource: { kind: 'Deployment', name: 'payments-api' } });
    expect(failing.failing[0]!.line).toBeGreaterThan(1);
  });

  it('html: a document written with -o, with an anchor per control', async () => {
    const file = join(out, `${framework}.html`);
    const run = await runCli(['scan', 'examples/demo-app', '--compliance', framework, '--format', 'html', '-o', file], { cwd: ROOT });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toBe('');
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`id="control-${expected.failing.replace(/[./]/g, '-')}"`);
    expect(html).toContain('payments-api');
  });

  it('pdf: printed by Chromium, several pages, a bookmark per control', async () => {
    const file = join(out, `${framework}.pdf`);
    const run = await runCli(['scan', 'examples/demo-app', '--compliance', framework, '--format', `pdf=${file}`], { cwd: ROOT });
    expect(run.code, run.stderr).toBe(1);
    const pdf = readFileSync(file).toString('latin1');
    expect(pdf.startsWith('%PDF-')).toBe(true);
    expect((pdf.match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length).toBeGreaterThan(1);
    expect(pdf).toMatch(new RegExp(`/Title \\(${expected.failing.replace(/[./]/g, '\\$&')} `));
  });
});

describe('rampart scan --compliance', () => {
  it('passes on the hardened demo app with the default gate', async () => {
    const run = await runCli(['scan', 'examples/demo-app-hardened', '--compliance', 'pss', '--format', 'json'], { cwd: ROOT });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonCompliance;
    expect(report.summary).toMatchObject({ total: 19, pass: 19 });
  });

  it.each([
    [['--compliance', 'iso27001'], 'unknown compliance framework "iso27001"'],
    [['--compliance', 'cis', '--format', 'sarif'], 'with --compliance, --format is table, json, html or pdf'],
    [['--compliance', 'cis', '--format', 'pdf'], '--format pdf writes a file: add -o FILE'],
    [['--compliance', 'cis', '--format', 'json', '--format', 'html=x.html'], 'give one --format'],
  ])('%j is a usage error', async (args, message) => {
    const run = await runCli(['scan', 'examples/demo-app', ...args], { cwd: ROOT });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('exits 3 naming the binary when Chromium cannot be started', async () => {
    const run = await runCli(['scan', 'examples/demo-app', '--compliance', 'cis', '--format', 'pdf', '-o', join(out, 'never.pdf')], { cwd: ROOT, env: { RAMPART_CHROMIUM: '/nonexistent/chromium' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('/nonexistent/chromium');
  });
});

describe('rampart node --compliance cis', () => {
  const node = mkdtempSync(join(tmpdir(), 'rampart-compliance-node-'));
  afterAll(() => rmSync(node, { recursive: true, force: true }));
  cpSync(join(ROOT, 'test/fixtures/node/kubeadm'), node, { recursive: true });
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      chmodSync(child, entry.isDirectory() ? 0o700 : 0o600);
      if (entry.isDirectory()) visit(child);
    }
  };
  visit(node);

  it('judges the control plane and the kubelet of the node, and leaves the manifest controls not applicable', async () => {
    chmodSync(join(node, 'etc/kubernetes/pki/ca.key'), 0o644);
    const run = await runCli(['node', node, '--skip-processes', '--compliance', 'cis', '--format', 'json', '--fail-on', 'never'], { cwd: ROOT });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonCompliance;
    const status = (id: string) => report.controls.find((c) => c.id === id)?.status;
    expect(status('1.1.21')).toBe('fail');
    expect(report.controls.find((c) => c.id === '1.1.21')!.failing[0]).toMatchObject({ ruleId: 'k8s/node-pki-key-permissions', resource: { name: '/etc/kubernetes/pki/ca.key' } });
    for (const id of ['1.2.1', '1.2.6', '1.3.2', '1.4.1', '2.1', '3.2.1', '4.2.1', '4.2.4', '1.1.1']) expect(status(id), id).toBe('pass');
    for (const id of ['5.1.3', '5.2.2', '5.7.4']) expect(status(id), id).toBe('not-applicable');
  });

  it('judges only the CIS benchmark', async () => {
    const run = await runCli(['node', node, '--skip-processes', '--compliance', 'nsa'], { cwd: ROOT });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('use --compliance cis');
  });
});

describeKube('rampart scan --cluster --compliance against a real API server', (env) => {
  const ns = uniqueNamespace('compliance');
  const objects = `apiVersion: v1
kind: Namespace
metadata: {name: ${ns}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext: {privileged: true}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: reader, namespace: ${ns}}
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: [get, list]
`;

  it('reads the cluster once and judges what it holds: workloads and roles, not the control plane', async () => {
    const applied = await env.kubectl(['apply', '-f', '-'], { input: objects });
    expect(applied.code, applied.stderr).toBe(0);
    const run = await runCli(['scan', '--cluster', '--namespace', ns, '--compliance', 'cis', '--format', 'json', '--fail-on', 'never'], { cwd: out, env: { KUBECONFIG: env.kubeconfig } });
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as JsonCompliance & { scanned: { kinds: string[] } };
    const status = (id: string) => report.controls.find((c) => c.id === id)?.status;
    expect(report.scanned.kinds).toEqual(expect.arrayContaining(['Deployment', 'Role']));
    expect(status('5.2.2')).toBe('fail');
    expect(report.controls.find((c) => c.id === '5.2.2')!.failing[0]).toMatchObject({ file: `cluster://rampart-admin/${ns}/Deployment.apps/web`, resource: { kind: 'Deployment', name: 'web' } });
    // Judged because the recorded kinds include a Role, although no finding names one.
    expect(status('5.1.3')).toBe('pass');
    expect(status('5.2.13')).toBe('pass');
    expect(status('1.2.1')).toBe('not-applicable');
  });
});
