import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, type JsonFinding } from './helpers/cli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-encryption-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => runCli(['encryption', ...args], { cwd: dir });
const secretsOf = (text: string) => [...text.matchAll(/secret: (\S+)/g)].map((m) => m[1]!);

describe('rampart encryption init', () => {
  it('writes a 0600 EncryptionConfiguration with a fresh 32-byte key, identity last, and never prints the key', async () => {
    const run = await cli(['init', '--output', 'enc.yaml', '--resource', 'secrets', '--resource', 'configmaps']);
    expect(run.code).toBe(0);
    const path = join(dir, 'enc.yaml');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    const config = parse(text) as { apiVersion: string; kind: string; resources: Array<{ resources: string[]; providers: Array<Record<string, { keys?: Array<{ name: string; secret: string }> }>> }> };
    expect(config.apiVersion).toBe('apiserver.config.k8s.io/v1');
    expect(config.kind).toBe('EncryptionConfiguration');
    expect(config.resources[0]!.resources).toEqual(['secrets', 'configmaps']);
    expect(config.resources[0]!.providers.map((p) => Object.keys(p)[0])).toEqual(['aescbc', 'identity']);
    const [secret] = secretsOf(text);
    expect(Buffer.from(secret!, 'base64')).toHaveLength(32);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('draws a different key every time', async () => {
    await cli(['init', '-o', 'a.yaml', '--provider', 'secretbox']);
    await cli(['init', '-o', 'b.yaml', '--provider', 'secretbox']);
    const [a, b] = ['a.yaml', 'b.yaml'].map((f) => secretsOf(readFileSync(join(dir, f), 'utf8'))[0]);
    expect(a).not.toBe(b);
  });

  it('refuses to overwrite unless --force, and --force replaces the file still 0600', async () => {
    writeFileSync(join(dir, 'enc.yaml'), 'keep me', { mode: 0o644 });
    const refused = await cli(['init', '-o', 'enc.yaml']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists; pass --force');
    expect(readFileSync(join(dir, 'enc.yaml'), 'utf8')).toBe('keep me');
    const forced = await cli(['init', '-o', 'enc.yaml', '--force']);
    expect(forced.code).toBe(0);
    expect(statSync(join(dir, 'enc.yaml')).mode & 0o777).toBe(0o600);
  });

  it('writes a KMS v2 block from the plugin settings', async () => {
    expect((await cli(['init', '-o', 'kms.yaml', '--provider', 'kms', '--kms-name', 'vault', '--kms-endpoint', 'unix:///run/kms.sock'])).code).toBe(0);
    const config = parse(readFileSync(join(dir, 'kms.yaml'), 'utf8')) as { resources: Array<{ providers: Array<Record<string, unknown>> }> };
    expect(config.resources[0]!.providers[0]).toEqual({ kms: { apiVersion: 'v2', name: 'vault', endpoint: 'unix:///run/kms.sock', timeout: '3s' } });
  });

  it('rejects bad usage with exit 2', async () => {
    for (const args of [['init'], ['init', '-o', 'x', '--provider', 'rot13'], ['init', '-o', 'x', '--provider', 'kms'], ['init', '-o', 'x', '--key-name', 'a:b'], ['init', '-o', 'x', '--snapshot', 's'], ['nope']]) {
      expect((await cli(args)).code, args.join(' ')).toBe(2);
    }
  });
});

describe('rampart encryption validate', () => {
  it('passes what init writes (aescbc guidance is info, below the default gate)', async () => {
    await cli(['init', '-o', 'enc.yaml']);
    const run = await cli(['validate', 'enc.yaml', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: JsonFinding[] };
    expect(report.findings.map((f) => f.ruleId)).toEqual(['k8s/encryption-aescbc-write-key']);
    const secretbox = await cli(['init', '-o', 'sb.yaml', '--provider', 'secretbox']);
    expect(secretbox.code).toBe(0);
    expect((await cli(['validate', 'sb.yaml'])).code).toBe(0);
  });

  it('reports problems as findings with file:line, fails the gate, and never prints a key', async () => {
    const short = Buffer.alloc(20, 1).toString('base64');
    writeFileSync(join(dir, 'bad.yaml'), [
      'apiVersion: apiserver.config.k8s.io/v1',
      'kind: EncryptionConfiguration',
      'resources:',
      '  - resources: [secrets]',
      '    providers:',
      '      - identity: {}',
      '      - aesgcm:',
      '          keys:',
      '            - name: key1',
      `              secret: ${short}`,
      '            - name: key1',
      `              secret: ${Buffer.alloc(32, 2).toString('base64')}`,
      '',
    ].join('\n'), { mode: 0o644 });
    chmodSync(join(dir, 'bad.yaml'), 0o644);
    const run = await cli(['validate', 'bad.yaml', '--format', 'json']);
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    expect(findings.map((f) => `${f.ruleId}:${f.location.startLine}`).sort()).toEqual([
      'k8s/encryption-config-invalid:10',
      'k8s/encryption-config-invalid:11',
      'k8s/encryption-config-permissions:1',
      'k8s/encryption-identity-first:6',
    ]);
    const table = await cli(['validate', 'bad.yaml']);
    expect(table.stdout).toContain('bad.yaml:10');
    expect(table.stdout + run.stdout).not.toContain(short);
    const sarif = await cli(['validate', 'bad.yaml', '--format', 'sarif']);
    expect(JSON.parse(sarif.stdout).runs[0].results).toHaveLength(4);
  });

  it('honours rampart.yaml: a rule turned off is not reported', async () => {
    await cli(['init', '-o', 'enc.yaml']);
    chmodSync(join(dir, 'enc.yaml'), 0o644);
    expect((await cli(['validate', 'enc.yaml'])).code).toBe(1);
    writeFileSync(join(dir, 'rampart.yaml'), 'rules:\n  k8s/encryption-config-permissions:\n    enabled: false\n');
    expect((await cli(['validate', 'enc.yaml'])).code).toBe(0);
  });

  it('exits 3 on a file that is not an EncryptionConfiguration, broken YAML or a missing file', async () => {
    writeFileSync(join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources: [\n');
    for (const file of ['cm.yaml', 'broken.yaml', 'missing.yaml']) {
      const run = await cli(['validate', file]);
      expect(run.code, file).toBe(3);
    }
  });
});
