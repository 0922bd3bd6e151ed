import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { makeTree, type TempTree } from '../src/testing/tree.js';
import { runCli, scanJson } from './helpers/cli.js';

let tree: TempTree | undefined;
afterEach(async () => tree?.cleanup());

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: app
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
`;

const only = (ruleId: string) => (f: { ruleId: string }) => f.ruleId === ruleId;

describe('rampart scan: gate and exit codes', () => {
  it('exits 1 on findings, 0 with --fail-on never or above the worst severity, 2 on usage errors', async () => {
    tree = await makeTree({ 'pod.yaml': PRIVILEGED_POD });
    expect((await runCli(['scan', '.'], { cwd: tree.root })).code).toBe(1);
    expect((await runCli(['scan', '.', '--fail-on', 'never'], { cwd: tree.root })).code).toBe(0);
    expect((await runCli(['scan', '.', '--pss-level', 'off', '--severity', 'critical'], { cwd: tree.root })).code).toBe(0);
    const usage = await runCli(['scan', '.', '--fail-on', 'urgent'], { cwd: tree.root });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--fail-on must be one of/);
    expect((await runCli(['scan', '--no-such-flag'], { cwd: tree.root })).code).toBe(2);
    expect((await runCli(['frobnicate'], { cwd: tree.root })).code).toBe(2);
  });

  it('reports the exact line and column of the offending field', async () => {
    tree = await makeTree({ 'pod.yaml': PRIVILEGED_POD });
    const { report } = await scanJson(['.'], { cwd: tree.root });
    const finding = report.findings.find(only('k8s/pss-privileged'))!;
    expect(finding.location).toEqual({ file: 'pod.yaml', startLine: 11, startColumn: 9, endLine: 11, endColumn: 25 });
    expect(finding.fieldPath).toBe('spec.containers[0].securityContext.privileged');
    expect(finding.resource).toEqual({ apiVersion: 'v1', kind: 'Pod', namespace: 'app', name: 'web' });
  });

  it('writes several formats at once, at most one to stdout', async () => {
    tree = await makeTree({ 'pod.yaml': PRIVILEGED_POD });
    const run = await runCli(['scan', '.', '--format', 'sarif=out/r.sarif', '--format', 'junit=out/r.xml', '--format', 'table'], { cwd: tree.root });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/pod\.yaml/);
    expect(JSON.parse(readFileSync(tree.path('out/r.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(readFileSync(tree.path('out/r.xml'), 'utf8')).toMatch(/<testsuites/);
    const twoOnStdout = await runCli(['scan', '.', '--format', 'json', '--format', 'table'], { cwd: tree.root });
    expect(twoOnStdout.code).toBe(2);
  });

  it('writes a report larger than one write batch the same to a file as to stdout, JSON and SARIF', async () => {
    const pods = Array.from({ length: 150 }, (_, i) => PRIVILEGED_POD.replace('name: web', `name: web-${i}`)).join('---\n');
    tree = await makeTree({ 'manifests/pods.yaml': pods });
    const withoutDuration = (text: string): string => text.replace(/"durationMs": \d+/, '"durationMs": 0');
    for (const format of ['json', 'sarif']) {
      const toFile = await runCli(['scan', 'manifests', '--format', `${format}=out/r.${format}`], { cwd: tree.root });
      const toStdout = await runCli(['scan', 'manifests', '--format', format], { cwd: tree.root });
      const written = readFileSync(tree.path(`out/r.${format}`), 'utf8');
      expect(written.length).toBeGreaterThan(1 << 20);
      expect(written.endsWith('}\n')).toBe(true);
      expect(withoutDuration(written)).toBe(withoutDuration(toStdout.stdout));
      expect([toFile.code, toStdout.code]).toEqual([1, 1]);
    }
  });

  it('reads manifests from stdin', async () => {
    tree = await makeTree({});
    const { report } = await scanJson(['-'], { cwd: tree.root, stdin: `---\n# Source: chart/templates/pod.yaml\n${PRIVILEGED_POD}` });
    expect(report.findings.find(only('k8s/pss-privileged'))!.location.file).toBe('<stdin>');
  });
});

describe('rampart scan: bad input never loses the rest of the work', () => {
  it('reports each broken file with its line and still scans the good ones', async () => {
    tree = await makeTree({
      'good.yaml': PRIVILEGED_POD,
      'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tabs\n',
      'dupkeys.yaml': 'apiVersion: v1\nkind: Pod\nkind: Service\n',
      'binary.yaml': Buffer.from([0x61, 0x00, 0xff, 0x00]),
      'latin1.yaml': Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  x: caf\xe9\n', 'latin1'),
      'huge.yaml': '',
      'loop': { symlink: '.' },
      'crd.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n',
      'package.json': '{ not json at all',
      '.github/workflows/ci.yml': 'on: [push]\njobs: {}\n',
    });
    truncateSync(tree.path('huge.yaml'), 100 * 1024 * 1024);
    const { code, report } = await scanJson(['.', '--fail-on', 'never'], { cwd: tree.root });
    expect(code).toBe(3);
    expect(report.findings.some(only('k8s/pss-privileged'))).toBe(true);
    const byFile = Object.fromEntries(report.errors.map((e) => [e.file, e]));
    expect(byFile['broken.yaml']).toMatchObject({ line: 4, message: 'invalid YAML: Tabs are not allowed as indentation' });
    expect(byFile['dupkeys.yaml']).toMatchObject({ line: 3, message: 'invalid YAML: Map keys must be unique' });
    expect(byFile['binary.yaml']!.message).toMatch(/binary/);
    expect(byFile['latin1.yaml']).toMatchObject({ line: 4, message: 'not valid UTF-8 text, not scanned' });
    expect(byFile['huge.yaml']!.message).toMatch(/100\.0 MiB, over the 10\.0 MiB limit/);
    expect(byFile['crd.yaml']).toMatchObject({ line: 2, level: 'warning' });
    expect(byFile['package.json']).toBeUndefined();
    expect(byFile['.github/workflows/ci.yml']).toBeUndefined();
  });

  it('reports Dockerfile syntax errors and keeps scanning other files', async () => {
    tree = await makeTree({ 'Dockerfile': 'FROM alpine:3.20\nRUN <<EOF\necho unterminated\n', 'pod.yaml': PRIVILEGED_POD });
    const { code, report } = await scanJson(['.'], { cwd: tree.root });
    expect(code).toBe(3);
    expect(report.errors.some((e) => e.file === 'Dockerfile' && typeof e.line === 'number')).toBe(true);
    expect(report.findings.some(only('k8s/pss-privileged'))).toBe(true);
  });
});

describe('rampart scan: suppressions', () => {
  it('honours inline comments and annotations, except under --strict', async () => {
    tree = await makeTree({
      'commented.yaml': PRIVILEGED_POD.replace('        privileged: true', '        privileged: true # rampart:ignore k8s/pss-privileged: device plugin'),
      'annotated.yaml': PRIVILEGED_POD.replace('  namespace: app\n', '  namespace: app\n  annotations:\n    rampart.io/ignore: "CKV_K8S_16: vetted by SEC-12"\n'),
    });
    const { report } = await scanJson(['.', '--show-suppressed'], { cwd: tree.root });
    const privileged = report.findings.filter(only('k8s/pss-privileged'));
    expect(privileged.map((f) => f.suppressed)).toEqual([
      { kind: 'annotation', reason: 'vetted by SEC-12' },
      { kind: 'inline', reason: 'device plugin' },
    ]);
    expect(report.summary.suppressed).toBeGreaterThanOrEqual(2);
    const strict = await scanJson(['.', '--strict'], { cwd: tree.root });
    expect(strict.report.findings.filter(only('k8s/pss-privileged')).every((f) => !f.suppressed)).toBe(true);
  });

  it('applies config exemptions by kind, namespace and name', async () => {
    tree = await makeTree({
      'pod.yaml': PRIVILEGED_POD,
      'rampart.yaml': 'exemptions:\n  - rules: [k8s/pss-privileged]\n    kind: Pod\n    namespace: app\n    name: "w*"\n    reason: upstream chart\n',
    });
    const { report } = await scanJson(['pod.yaml'], { cwd: tree.root });
    expect(report.findings.find(only('k8s/pss-privileged'))!.suppressed).toEqual({ kind: 'config', reason: 'upstream chart' });
  });

  it('applies ignore-file entries until they expire, then reports them again with a warning', async () => {
    tree = await makeTree({
      'pod.yaml': PRIVILEGED_POD,
      'expired.yaml': 'ignores:\n  - rule: k8s/pss-privileged\n    reason: old waiver\n    expires: 2020-01-01\n',
      'live.yaml': 'ignores:\n  - rule: k8s/pss-privileged\n    path: "*.yaml"\n    reason: waiver\n    expires: 2999-01-01\n',
    });
    const live = await scanJson(['pod.yaml', '--ignore-file', 'live.yaml'], { cwd: tree.root });
    expect(live.report.findings.find(only('k8s/pss-privileged'))!.suppressed).toEqual({ kind: 'ignore-file', reason: 'waiver', expires: '2999-01-01' });
    const expired = await scanJson(['pod.yaml', '--ignore-file', 'expired.yaml'], { cwd: tree.root });
    expect(expired.report.findings.find(only('k8s/pss-privileged'))!.suppressed).toBeUndefined();
    expect(expired.report.errors).toContainEqual({ file: 'expired.yaml', line: 2, level: 'warning', message: expect.stringMatching(/expired on 2020-01-01/) });
    expect(expired.code).toBe(1);
  });

  it('baselines survive line shifts and only new findings are reported', async () => {
    tree = await makeTree({ 'pod.yaml': PRIVILEGED_POD });
    await runCli(['scan', '.', '--baseline-write', 'baseline.json', '--format', 'json=/dev/null'], { cwd: tree.root });
    const shifted = `# a comment added above\n\n${PRIVILEGED_POD}`;
    writeFileSync(tree.path('pod.yaml'), shifted);
    const { code, report } = await scanJson(['.', '--baseline', 'baseline.json'], { cwd: tree.root });
    expect(code).toBe(0);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => f.suppressed?.kind === 'baseline')).toBe(true);
    writeFileSync(tree.path('pod.yaml'), shifted.replace('spec:\n', 'spec:\n  hostPID: true\n'));
    const after = await scanJson(['.', '--baseline', 'baseline.json'], { cwd: tree.root });
    expect(after.code).toBe(1);
    expect(after.report.findings.filter((f) => !f.suppressed).map((f) => f.ruleId)).toEqual(['k8s/pss-host-namespaces']);
  });

  it('rejects a config that names an unknown rule, with exit code 2', async () => {
    tree = await makeTree({ 'pod.yaml': PRIVILEGED_POD, 'rampart.yaml': 'rules:\n  k8s/no-such-rule: off\n' });
    const run = await runCli(['scan', '.'], { cwd: tree.root });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown rule "k8s\/no-such-rule"/);
  });
});

describe('rampart scan: a broken JSON manifest is an error, never "0 resources"', () => {
  const POD_JSON = JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'app' }, spec: { containers: [{ name: 'app', image: 'nginx', securityContext: { privileged: false } }] } }, null, 2);

  it('reports a duplicate key and a truncated manifest (exit 3), and stays quiet on other JSON', async () => {
    const dupkey = POD_JSON.replace('"privileged": false', '"privileged": false,\n"privileged": true');
    tree = await makeTree({
      'dupkey.json': dupkey,
      'truncated.json': POD_JSON.slice(0, POD_JSON.indexOf('"spec"')),
      'package.json': '{"name": "web", "version": "1.0.0"}',
      'tsconfig.json': '{\n  // comments are fine here\n  "compilerOptions": {"strict": true},\n}\n',
      'good.json': POD_JSON,
    });
    const { code, report } = await scanJson(['.', '--fail-on', 'never'], { cwd: tree.root });
    expect(code).toBe(3);
    expect(report.errors).toEqual([
      { file: 'dupkey.json', line: dupkey.split('\n').findIndex((l) => l === '"privileged": true') + 1, message: 'invalid YAML: Map keys must be unique' },
      expect.objectContaining({ file: 'truncated.json', message: expect.stringMatching(/^invalid YAML: /) }),
    ]);
    expect(report.summary.resources).toBe(1);
  });

  it('fails the gate on a duplicate key in JSON from stdin and in loaded objects (rbac)', async () => {
    const dup = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "name": "b"}}';
    tree = await makeTree({ 'pod.json': dup });
    expect((await scanJson(['.'], { cwd: tree.root })).code).toBe(3);
    const rbac = await runCli(['rbac', 'who-can', 'get', 'pods', '.'], { cwd: tree.root });
    expect(rbac.code).toBe(3);
  });
});

describe('rampart scan: never reads outside the scanned root', () => {
  let outside: TempTree | undefined;
  afterEach(async () => outside?.cleanup());

  it('warns once per link that leaves the root and reads nothing behind it, for manifests and secrets alike', async () => {
    outside = await makeTree({ 'pod.yaml': PRIVILEGED_POD, 'creds.txt': `aws_secret_access_key = ${'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'.replace('EXAMPLE', 'ZZZZZZZ')}\n` });
    tree = await makeTree({
      'pod.yaml': PRIVILEGED_POD.replace('name: web', 'name: inside'),
      'escape.yaml': { symlink: outside.path('pod.yaml') },
      'creds.txt': { symlink: outside.path('creds.txt') },
      'environ': { symlink: '/proc/self/environ' },
      'up': { symlink: '..' },
    });
    process.env.RAMPART_TEST_MARKER = 'do-not-print-me'; // what /proc/self/environ would show
    const { code, report, stderr } = await scanJson(['.'], { cwd: tree.root }).finally(() => delete process.env.RAMPART_TEST_MARKER);
    expect(code).toBe(1);
    expect(report.findings.filter(only('k8s/pss-privileged')).map((f) => f.location.file)).toEqual(['pod.yaml']);
    expect(report.findings.filter((f) => f.ruleId.startsWith('secret/'))).toEqual([]);
    expect(report.errors).toEqual(
      ['creds.txt', 'environ', 'escape.yaml', 'up'].map((file) => ({ file, message: 'symbolic link to a path outside the scanned root, not followed', level: 'warning' })),
    );
    expect(JSON.stringify(report) + stderr).not.toContain('do-not-print-me');
  });

  it('refuses a FIFO named on the command line (exit 3) and never blocks on one in the tree', async () => {
    tree = await makeTree({ 'pod.yaml': PRIVILEGED_POD });
    await promisify(execFile)('mkfifo', [tree.path('pipe.yaml')]);
    const { code, report } = await scanJson(['.', 'pipe.yaml', '--fail-on', 'never'], { cwd: tree.root });
    expect(code).toBe(3);
    expect(report.errors).toEqual([
      { file: 'pipe.yaml', message: 'not a regular file (a FIFO, socket or device), not read', level: 'warning' },
      { file: 'pipe.yaml', message: 'not a regular file or directory (a FIFO, socket or device), not read; pipe its content to `-` instead' },
    ]);
    expect(report.findings.some(only('k8s/pss-privileged'))).toBe(true);
  });
});

describe('rampart scan: YAML merge keys are read as Kubernetes reads them', () => {
  it('finds a privileged container whose securityContext is merged in with `<<`', async () => {
    const merged = PRIVILEGED_POD.replace('      securityContext:\n        privileged: true\n', '      securityContext:\n        <<: {privileged: true}\n');
    tree = await makeTree({ 'pod.yaml': merged, 'anchored.yaml': merged.replace('<<: {privileged: true}', '<<: &risky {privileged: true}').replace('name: web', 'name: anchored') });
    const { code, report } = await scanJson(['.'], { cwd: tree.root });
    expect(code).toBe(1);
    expect(report.errors).toEqual([]);
    expect(report.findings.filter(only('k8s/pss-privileged')).map((f) => [f.location.file, f.resource?.name])).toEqual([
      ['anchored.yaml', 'anchored'],
      ['pod.yaml', 'web'],
    ]);
  });
});
