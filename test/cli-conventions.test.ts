import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { COMMAND_INDEX, loadCommands } from '../src/cli/commands.js';
import { parseArgsConfig } from '../src/cli/options.js';
import { testOpa } from '../src/checks/policies/rego/testing/fixtures.js';
import { writeOciLayout } from '../src/sources/image/testing/oci-writer.js';
import { stubSecret, useTestRepos } from '../src/sources/git/testing/repo.js';
import { runCli } from './helpers/cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'rampart-conventions-'));
writeFileSync(join(cwd, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: apps\nspec:\n  containers:\n    - name: c\n      image: nginx\n');
const OSV_FIXTURES = join(import.meta.dirname, 'fixtures', 'osv');

/** A terminal of `columns` characters: what `rampart` sees run by hand (runCli is a pipe). */
function terminal(options: { cwd: string; columns?: number; env?: NodeJS.ProcessEnv }): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    isTTY: true,
    ...(options.columns !== undefined ? { columns: options.columns } : {}),
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    readStdin: async () => '',
    out: () => out,
    err: () => err,
  };
}

describe('golden help: `rampart help X` lists exactly the flags X parses', () => {
  it('`rampart --help` lists each command with its own summary, without loading any', async () => {
    for (const [name, command] of Object.entries(await loadCommands())) expect(COMMAND_INDEX[name]!.summary, name).toBe(command.summary);
    const help = await runCli(['--help'], { cwd });
    for (const name of Object.keys(COMMAND_INDEX)) expect(help.stdout).toContain(`  ${name.padEnd(8)} ${COMMAND_INDEX[name]!.summary}`);
  });

  it('for every command, from its one option table, each flag once and in table order', async () => {
    for (const [name, command] of Object.entries(await loadCommands())) {
      const help = await runCli(['help', name], { cwd });
      expect(help.code, name).toBe(0);
      expect(help.stdout.split('\n')[0], name).toBe(`Usage: rampart ${command.usage}`);
      const options = help.stdout.slice(help.stdout.indexOf('\nOptions:\n'));
      const listed = [...options.matchAll(/^ {2}(?:-([A-Za-z]), |\s{4})--([a-z0-9-]+)/gm)].map((m) => (m[1] ? `-${m[1]} --${m[2]}` : `--${m[2]}`));
      expect(listed, name).toEqual(command.options.map((o) => (o.short ? `-${o.short} --${o.name}` : `--${o.name}`)));
      expect(new Set(command.options.map((o) => o.name)).size, `${name}: a flag declared twice`).toBe(command.options.length);
      // What the help lists is what the parser takes: every flag, with a value where it takes one.
      const args = command.options.flatMap((o) => (o.type === 'string' ? [`--${o.name}`, 'x'] : [`--${o.name}`]));
      expect(() => parseArgs({ args, options: parseArgsConfig(command.options), allowPositionals: true, strict: true }), name).not.toThrow();
      // `--help` says the same as `help X`.
      expect((await runCli([name, '--help'], { cwd })).stdout, name).toBe(help.stdout);
    }
  });
});

describe('severity unknown', () => {
  it('is accepted, in any case, by --severity and --fail-on', async () => {
    const only = await runCli(['scan', 'pod.yaml', '--severity', 'UNKNOWN', '--format', 'json'], { cwd });
    expect(only.code, only.stderr).toBe(0);
    expect(JSON.parse(only.stdout).findings).toEqual([]);
    // Gates rank it with medium: this pod has medium findings.
    expect((await runCli(['scan', 'pod.yaml', '--fail-on', 'Unknown'], { cwd })).code).toBe(1);
    const bad = await runCli(['scan', 'pod.yaml', '--severity', 'unknwn'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('(use unknown, info, low, medium, high, critical)');
  });

  it('is no severity a rule can be given in rampart.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-conventions-config-'));
    writeFileSync(join(dir, 'pod.yaml'), readFileSync(join(cwd, 'pod.yaml')));
    writeFileSync(join(dir, 'rampart.yaml'), 'rules:\n  k8s/image-tag-latest: {severity: unknown}\n');
    const run = await runCli(['scan', 'pod.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('must be one of info, low, medium, high, critical');
  });
});

describe('kinds Rampart analyses', () => {
  it('Istio and Linkerd resources are not called unknown kinds; a real custom resource still is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-conventions-kinds-'));
    writeFileSync(
      join(dir, 'mesh.yaml'),
      [
        'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: vs, namespace: apps}\nspec: {hosts: [web]}',
        'apiVersion: networking.istio.io/v1beta1\nkind: ServiceEntry\nmetadata: {name: se, namespace: apps}\nspec: {hosts: [api.example.com]}',
        'apiVersion: policy.linkerd.io/v1beta3\nkind: Server\nmetadata: {name: s, namespace: apps}\nspec: {port: 8080}',
        'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, namespace: apps}',
      ].join('\n---\n'),
    );
    const run = await runCli(['scan', 'mesh.yaml', '--fail-on', 'never'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Warnings (1):');
    expect(run.stdout).toContain('example.com/v1 Widget is not a built-in Kubernetes kind');
    expect(run.stdout).not.toMatch(/VirtualService is not|ServiceEntry is not|Server is not/);
  });
});

describe('--debug and --timeout', () => {
  it('--debug (-v) prints the time of each phase on standard error, the report unchanged', async () => {
    const plain = await runCli(['scan', 'pod.yaml', '--format', 'json', '--fail-on', 'never'], { cwd });
    const debug = await runCli(['scan', 'pod.yaml', '--format', 'json', '--fail-on', 'never', '-v'], { cwd });
    expect(debug.code).toBe(0);
    for (const phase of ['config', 'read', 'parse and check', 'set rules', 'report', 'output', 'total']) expect(debug.stderr).toMatch(new RegExp(`^rampart: debug: ${phase} +\\d+\\.\\d ms$`, 'm'));
    expect(Object.keys(JSON.parse(debug.stdout))).toEqual(Object.keys(JSON.parse(plain.stdout)));
    expect(plain.stderr).not.toContain('debug');
    const secrets = await runCli(['secrets', 'pod.yaml', '--debug'], { cwd });
    expect(secrets.stderr).toMatch(/^rampart: debug: read +\d/m);
  });

  it('--timeout ends a scan that runs too long with exit 3 and no report; a malformed one is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-conventions-timeout-'));
    mkdirSync(join(dir, 'chart', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: slow\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'chart', 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n');
    // A helm that takes longer than the scan may; had it run to its end, it would leave a mark.
    writeFileSync(join(dir, 'slow-helm'), '#!/bin/sh\nsleep 2\ntouch "$(dirname "$0")/helm-finished"\n');
    chmodSync(join(dir, 'slow-helm'), 0o755);
    const started = Date.now();
    const run = await runCli(['scan', '.', '--helm', join(dir, 'slow-helm'), '--timeout', '1s', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('the scan did not finish within 1s (--timeout); no report was written');
    expect(Date.now() - started).toBeLessThan(1900);
    // The deadline killed helm too, rather than leaving it to run on after the answer.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(existsSync(join(dir, 'helm-finished'))).toBe(false);
    const bad = await runCli(['scan', 'pod.yaml', '--timeout', '10'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--timeout must be a positive number with s, m or h');
  });
});

describe('one cache directory', () => {
  it('--cache-dir and RAMPART_CACHE_DIR place the vulnerability database; --db and RAMPART_DB still win', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-conventions-cache-'));
    const imported = await runCli(['db', 'import', OSV_FIXTURES, '--cache-dir', 'cache'], { cwd: dir });
    expect(imported.code, imported.stderr).toBe(0);
    expect(existsSync(join(dir, 'cache', 'osv', 'osv.sqlite'))).toBe(true);
    const status = await runCli(['db', 'status', '--format', 'json'], { cwd: dir, env: { RAMPART_CACHE_DIR: join(dir, 'cache'), RAMPART_DB: '' } });
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).path).toBe(join(dir, 'cache', 'osv', 'osv.sqlite'));
    const missing = await runCli(['db', 'status', '--cache-dir', 'elsewhere'], { cwd: dir, env: { RAMPART_DB: '' } });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(join(dir, 'elsewhere', 'osv', 'osv.sqlite'));
    const explicit = await runCli(['db', 'status', '--cache-dir', 'elsewhere', '--db', join(dir, 'cache', 'osv', 'osv.sqlite')], { cwd: dir });
    expect(explicit.code).toBe(0);
  });
});

describe('one cache directory for compiled Rego policies too', () => {
  it('--cache-dir keeps the bundles opa compiled under DIR/rego', async () => {
    const repo = join(import.meta.dirname, '..');
    const cache = mkdtempSync(join(tmpdir(), 'rampart-conventions-rego-'));
    const opa = process.env.RAMPART_OPA;
    process.env.RAMPART_OPA = testOpa();
    try {
      const run = await runCli(['scan', 'examples/policies/allowed-repos/samples', '--policy', 'examples/policies/allowed-repos', '--skip-dependencies', '--skip-secrets', '--format', 'json', '--cache-dir', cache], { cwd: repo });
      expect(JSON.parse(run.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('policy/allowed-repos');
    } finally {
      if (opa === undefined) delete process.env.RAMPART_OPA;
      else process.env.RAMPART_OPA = opa;
    }
    expect(readdirSync(join(cache, 'rego')).length).toBeGreaterThan(0);
  });
});

describe('progress lines on a terminal', () => {
  const newRepo = useTestRepos();

  it('secrets over files: files, bytes and elapsed time, erased before the report', async () => {
    const io = terminal({ cwd });
    expect(await main(['secrets', 'pod.yaml', '--format', 'json'], io)).toBe(0);
    expect(io.err()).toMatch(/^\rrampart: 1 file read \(\d+ B\), \d+\.\d s/);
    expect(io.err().endsWith('\r\u001b[K')).toBe(true);
    expect(JSON.parse(io.out()).findings).toEqual([]);
  });

  it('secrets --git: commits, files, bytes, secrets found', async () => {
    const repo = newRepo();
    repo.write('a.txt', `${stubSecret(7)}\n`);
    repo.commit('one');
    repo.importCommits(120, 'n.txt', (i) => `${i}\n`);
    const io = terminal({ cwd: repo.dir });
    await main(['secrets', '--git', '.', '--format', 'json', '--fail-on', 'never'], io);
    expect(io.err()).toMatch(/rampart: 1\d\d commits, \d+ files read \(\d+ B\), \d+ secrets? found, \d+\.\d s/);
  });

  it('image: layers read and bytes of the layers\' size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-conventions-image-'));
    await writeOciLayout(join(dir, 'layout'), [
      { ref: 'v1', image: { config: { User: '1000' }, layers: [{ entries: [{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.0\n' }] }, { entries: [{ path: 'app/a.txt', content: 'x'.repeat(4096) }] }] } },
    ]);
    await runCli(['db', 'import', OSV_FIXTURES, '--db', join(dir, 'osv.sqlite')], { cwd: dir });
    const io = terminal({ cwd: dir });
    await main(['image', '--input', 'layout', '--db', 'osv.sqlite', '--format', 'json', '--fail-on', 'never'], io);
    expect(io.err()).toMatch(/rampart: 2 of 2 layers read, [\d.]+ (B|KiB) of [\d.]+ (B|KiB), \d+\.\d s/);
    expect(JSON.parse(io.out()).target.type).toBe('image');
  });

  it('db import, and nothing at all with --quiet or off a terminal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-conventions-db-'));
    const io = terminal({ cwd: dir });
    expect(await main(['db', 'import', OSV_FIXTURES, '--db', 'a.sqlite'], io)).toBe(0);
    expect(io.err()).toMatch(/rampart: importing: \d+ records read, \d+ skipped, \d+\.\d s/);
    const quiet = terminal({ cwd: dir });
    expect(await main(['db', 'import', OSV_FIXTURES, '--db', 'b.sqlite', '--quiet'], quiet)).toBe(0);
    expect(quiet.err()).toBe('');
    const scanQuiet = terminal({ cwd });
    await main(['secrets', 'pod.yaml', '-q'], scanQuiet);
    expect(scanQuiet.err()).toBe('');
    const piped = await runCli(['db', 'import', OSV_FIXTURES, '--db', join(dir, 'c.sqlite')], { cwd: dir });
    expect(piped.stderr).not.toContain('\r');
  });
});

describe('tables that fit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-conventions-rbac-'));
  writeFileSync(
    join(dir, 'rbac.yaml'),
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: a-very-long-binding-name-that-goes-on-and-on}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: an-equally-long-cluster-role-name-for-admins}\nsubjects: [{kind: ServiceAccount, name: some-controller-service-account, namespace: kube-system}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: an-equally-long-cluster-role-name-for-admins}\nrules: [{apiGroups: [""], resources: [secrets, configmaps, pods], verbs: [get, list, watch]}]\n',
  );

  it('rbac who-can fits a narrow terminal, says so, and shows everything with --wide, in a file or in a pipe', async () => {
    const narrow = terminal({ cwd: dir, columns: 80 });
    expect(await main(['rbac', 'who-can', 'get', 'secrets', 'rbac.yaml'], narrow)).toBe(0);
    const lines = narrow.out().trimEnd().split('\n');
    expect(Math.max(...lines.map((line) => Array.from(line).length))).toBeLessThanOrEqual(80);
    expect(narrow.out()).toContain('…');
    expect(narrow.out()).toContain('(cut to fit: --wide shows all)');
    const wide = terminal({ cwd: dir, columns: 80 });
    await main(['rbac', 'who-can', 'get', 'secrets', 'rbac.yaml', '--wide'], wide);
    expect(wide.out()).toContain('an-equally-long-cluster-role-name-for-admins');
    expect(wide.out()).not.toContain('…');
    const piped = await runCli(['rbac', 'who-can', 'get', 'secrets', 'rbac.yaml'], { cwd: dir });
    expect(piped.stdout).toBe(wide.out());
  });

  it('netpol matrix fits too', async () => {
    const net = mkdtempSync(join(tmpdir(), 'rampart-conventions-netpol-'));
    const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: a-rather-long-namespace-name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: nginx}]}\n`;
    writeFileSync(join(net, 'apps.yaml'), [deployment('frontend-with-a-long-name'), deployment('backend-with-a-long-name')].join('---\n'));
    const narrow = terminal({ cwd: net, columns: 60 });
    await main(['netpol', 'matrix', 'apps.yaml'], narrow);
    expect(Math.max(...narrow.out().trimEnd().split('\n').map((line) => Array.from(line).length))).toBeLessThanOrEqual(60);
    const piped = await runCli(['netpol', 'matrix', 'apps.yaml'], { cwd: net });
    expect(piped.stdout).toContain('a-rather-long-namespace-name/frontend-with-a-long-name');
  });
});
