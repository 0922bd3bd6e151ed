import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TOOL_VERSION } from '../src/core/version.js';
import { closest, editDistance } from '../src/cli/suggest.js';
import { runCli } from './helpers/cli.js';

const cwd = mkdtempSync(join(tmpdir(), 'rampart-grammar-'));
writeFileSync(
  join(cwd, 'pod.yaml'),
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: apps\nspec:\n  containers:\n    - name: c\n      image: nginx\n',
);

describe('one grammar for the command line', () => {
  it('answers `rampart help scan` with the scan help, and --version/-V with the version', async () => {
    const help = await runCli(['help', 'scan'], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: rampart scan /);
    expect(help.stdout).toContain('--fail-on');
    for (const flag of ['--version', '-V']) {
      const version = await runCli([flag], { cwd });
      expect(version).toMatchObject({ code: 0, stdout: `${TOOL_VERSION}\n` });
    }
  });

  it('suggests the command and the flag a user probably meant, and points to the command help', async () => {
    const command = await runCli(['scna', 'pod.yaml'], { cwd });
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "scna"; did you mean "scan"?');
    const flag = await runCli(['scan', 'pod.yaml', '--foramt', 'json'], { cwd });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown option --foramt for `rampart scan`; did you mean --format?');
    expect(flag.stderr).toContain('Run `rampart scan --help` for its options.');
    expect(flag.stderr).not.toMatch(/To specify a positional argument/);
    const far = await runCli(['scan', 'pod.yaml', '--zz'], { cwd });
    expect(far.stderr).toContain('unknown option --zz for `rampart scan`\n');
  });

  it('says what a flag needs instead of the parser text', async () => {
    const missing = await runCli(['scan', 'pod.yaml', '--fail-on'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--fail-on needs a value (SEV|never)');
  });

  it('mentions --fail-on in the help footer only where the command has it', async () => {
    const scan = await runCli(['scan', '--help'], { cwd });
    expect(scan.stdout).toContain('1 findings at or above --fail-on');
    const rules = await runCli(['rules', '--help'], { cwd });
    expect(rules.stdout).not.toContain('--fail-on');
  });

  it('reads flags from RAMPART_<FLAG> variables, the command line winning', async () => {
    const gated = await runCli(['scan', 'pod.yaml'], { cwd, env: { RAMPART_FAIL_ON: 'never' } });
    expect(gated.code).toBe(0);
    expect(gated.stdout).toContain('k8s/');
    const flagWins = await runCli(['scan', 'pod.yaml', '--fail-on', 'low'], { cwd, env: { RAMPART_FAIL_ON: 'never' } });
    expect(flagWins.code).toBe(1);
    const json = await runCli(['scan', 'pod.yaml'], { cwd, env: { RAMPART_FORMAT: 'json', RAMPART_FAIL_ON: 'never' } });
    expect(JSON.parse(json.stdout).findings.length).toBeGreaterThan(0);
    const bad = await runCli(['scan', 'pod.yaml'], { cwd, env: { RAMPART_STRICT: 'maybe' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('RAMPART_STRICT must be true or false, not "maybe"');
  });
});

describe('closest', () => {
  it('finds near misses, swaps included, and nothing for unrelated words', () => {
    expect(editDistance('foramt', 'format')).toBe(1);
    expect(closest('foramt', ['format', 'fail-on'])).toBe('format');
    expect(closest('fail-onn', ['format', 'fail-on'])).toBe('fail-on');
    expect(closest('zz', ['format', 'fail-on'])).toBeUndefined();
    expect(closest('x', [])).toBeUndefined();
  });
});

describe('paths that do not exist', () => {
  it('are a usage error naming the path before any report, in every command that reads paths', async () => {
    for (const args of [['scan', 'nope/'], ['secrets', 'nope/'], ['fix', 'nope/', '--dry-run'], ['rbac', 'who-can', 'get', 'secrets', 'nope/'], ['netpol', 'matrix', 'nope/']]) {
      const run = await runCli(args, { cwd });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain('"nope/": no such file or directory');
      expect(run.stdout, args.join(' ')).toBe('');
    }
  });
});

describe('rampart image and a mistyped path', () => {
  it('does not take a path-shaped argument for a Docker Hub image', async () => {
    for (const reference of ['nope/', './app.tar', 'build.tar.gz']) {
      const run = await runCli(['image', reference], { cwd });
      expect(run.code, reference).toBe(2);
      expect(run.stderr, reference).toContain(`"${reference}": no such file or directory (written as a path, so not tried as an image reference)`);
    }
  });
});

describe('conventions users bring from Trivy and Checkov', () => {
  const scanJson = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const run = await runCli(['scan', 'pod.yaml', '--format', 'json', '--fail-on', 'never', ...args], { cwd, env });
    expect(run.code, run.stderr).toBe(0);
    return (JSON.parse(run.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId);
  };

  it('--check runs only the named rules (IDs or peer aliases) and --skip-check leaves rules out', async () => {
    const all = await scanJson([]);
    expect(all).toContain('k8s/memory-limit-missing');
    expect(all).toContain('k8s/image-tag-latest');
    expect(all.length).toBeGreaterThan(3);
    expect(new Set(await scanJson(['--check', 'CKV_K8S_13']))).toEqual(new Set(['k8s/memory-limit-missing']));
    expect(new Set(await scanJson(['--check', 'k8s/memory-limit-missing,CKV_K8S_14']))).toEqual(new Set(['k8s/memory-limit-missing', 'k8s/image-tag-latest']));
    const skipped = await scanJson(['--skip-check', 'k8s/memory-limit-missing,CKV_K8S_14']);
    expect(skipped).not.toContain('k8s/memory-limit-missing');
    expect(skipped.length).toBe(all.filter((id) => id !== 'k8s/memory-limit-missing' && id !== 'k8s/image-tag-latest').length);
    const unknown = await runCli(['scan', 'pod.yaml', '--check', 'CKV_NOPE_1'], { cwd });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('CKV_NOPE_1');
  });

  it('--exit-code sets the status of a tripped gate, --quiet prints nothing for a clean scan, -o writes the report', async () => {
    expect((await runCli(['scan', 'pod.yaml', '--exit-code', '7'], { cwd })).code).toBe(7);
    expect((await runCli(['scan', 'pod.yaml', '--exit-code', '0'], { cwd })).code).toBe(0);
    expect((await runCli(['scan', 'pod.yaml', '--exit-code', '3'], { cwd })).code).toBe(2);
    const quiet = await runCli(['scan', 'pod.yaml', '--check', 'k8s/pss-host-namespaces', '--quiet'], { cwd });
    expect(quiet).toMatchObject({ code: 0, stdout: '' });
    const written = await runCli(['scan', 'pod.yaml', '--format', 'json', '-o', 'out/report.json', '--fail-on', 'never'], { cwd });
    expect(written).toMatchObject({ code: 0, stdout: '' });
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(join(cwd, 'out/report.json'), 'utf8')).findings.length).toBeGreaterThan(0);
  });

  it('an output or baseline that cannot be written is a usage error naming the path', async () => {
    writeFileSync(join(cwd, 'a-file'), '');
    const report = await runCli(['scan', 'pod.yaml', '--format', 'json=a-file/out.json'], { cwd });
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('cannot write "a-file/out.json"');
    expect(report.stderr).not.toContain('internal error');
    const baseline = await runCli(['scan', 'pod.yaml', '--baseline-write', 'a-file/b.json'], { cwd });
    expect(baseline.code).toBe(2);
    expect(baseline.stderr).toContain('cannot write "a-file/b.json"');
  });

  it('--baseline-write says what it wrote; --skip-dirs DIR/ leaves the directory out', async () => {
    const run = await runCli(['scan', 'pod.yaml', '--baseline-write', 'baseline.json', '--fail-on', 'never'], { cwd });
    expect(run.stderr).toMatch(/wrote a baseline of \d+ findings to baseline\.json/);
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(join(cwd, 'tree/vendor'), { recursive: true });
    copyFileSync(join(cwd, 'pod.yaml'), join(cwd, 'tree/vendor/pod.yaml'));
    const skipped = await runCli(['scan', 'tree', '--skip-dirs', 'vendor/', '--format', 'json'], { cwd });
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout).findings).toEqual([]);
  });
});

describe('rampart.yaml rule IDs', () => {
  it('an unknown rule ID is a config error at its file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-grammar-config-'));
    writeFileSync(join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: nginx}]\n');
    writeFileSync(join(dir, 'rampart.yaml'), 'rules:\n  CKV_K8S_13:\n    enabled: false\n  k8s/no-such-rule:\n    severity: high\n');
    const run = await runCli(['scan', 'pod.yaml'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('rampart.yaml:4');
    expect(run.stderr).toContain('unknown rule "k8s/no-such-rule"');
  });
});

describe('-o/--output means a file everywhere', () => {
  it('writes the answer of rbac, netpol and rules to FILE, and --format has no short form', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-grammar-output-'));
    writeFileSync(join(dir, 'role.yaml'), 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: alice}]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: cluster-admin}\nrules: [{apiGroups: ["*"], resources: ["*"], verbs: ["*"]}]\n');
    const rbac = await runCli(['rbac', 'who-can', 'get', 'secrets', 'role.yaml', '--format', 'json', '-o', 'who.json'], { cwd: dir });
    expect(rbac).toMatchObject({ code: 0, stdout: '' });
    const { readFileSync } = await import('node:fs');
    expect(JSON.stringify(JSON.parse(readFileSync(join(dir, 'who.json'), 'utf8')))).toContain('alice');
    const rules = await runCli(['rules', '--format', 'json', '--output', 'rules.json'], { cwd: dir });
    expect(rules).toMatchObject({ code: 0, stdout: '' });
    expect(readFileSync(join(dir, 'rules.json'), 'utf8')).toContain('k8s/');
    const short = await runCli(['rules', '-f', 'json'], { cwd: dir });
    expect(short.code).toBe(2);
  });
});

describe('the option tables', () => {
  it('give each short flag one meaning across every command: -o is --output, -f is --filename, --format has none', async () => {
    const { loadCommands } = await import('../src/cli/commands.js');
    const meanings = new Map<string, Set<string>>();
    for (const [name, command] of Object.entries(await loadCommands())) {
      for (const option of command.options) {
        if (option.name === 'format') expect(option.short, `${name} --format`).toBeUndefined();
        if (!option.short) continue;
        meanings.set(option.short, (meanings.get(option.short) ?? new Set()).add(option.name));
      }
    }
    for (const [short, names] of meanings) expect([...names], `-${short}`).toHaveLength(1);
    expect([...(meanings.get('o') ?? [])]).toEqual(['output']);
    expect([...(meanings.get('f') ?? [])]).toEqual(['filename']);
  });
});
