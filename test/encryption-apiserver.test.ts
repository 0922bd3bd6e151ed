import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli, type CliRun } from './helpers/cli.js';
import { findKubeBinaries, startKubeEnv, type KubeEnv } from './helpers/kube-env.js';
import type { VerifyResult } from '../src/services/encryption/verify.js';
import type { RotationState } from '../src/services/encryption/rotate.js';

/**
 * Encryption at rest on a real kube-apiserver and etcd: the API server starts with identity only (nothing encrypted),
 * is switched to `rampart encryption init`'s configuration, then rotated to a new key with restarts in between, and
 * etcd is read by `rampart encryption verify` and by etcdctl at every stage.
 */
const IDENTITY_ONLY = 'apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - identity: {}\n';

const missing = findKubeBinaries();
if (typeof missing === 'string' && process.env.RAMPART_REQUIRE_TESTENV === '1') throw new Error(missing);

describe.skipIf(typeof missing === 'string')('encryption at rest on a real API server', () => {
  let env: KubeEnv;
  let config: string;
  let etcd: Etcd3;
  const namespace = 'enc-test';

  beforeAll(async () => {
    env = await startKubeEnv({ encryptionConfig: IDENTITY_ONLY });
    config = env.encryptionConfigFile!;
    etcd = new Etcd3({ hosts: env.etcdUrl });
    const created = await env.kubectl(['create', 'namespace', namespace]);
    expect(created.code, created.stderr).toBe(0);
  }, 120_000);

  afterAll(async () => {
    etcd?.close();
    await env?.stop();
  });

  const cli = (args: string[]): Promise<CliRun> => runCli(['encryption', ...args], { cwd: env.tmpDir });
  const etcdArgs = () => ['--etcd-endpoints', env.etcdUrl];
  const verify = async (withConfig = true) => {
    const run = await cli(['verify', ...etcdArgs(), ...(withConfig ? ['--encryption-provider-config', config] : []), '--format', 'json']);
    return { code: run.code, result: JSON.parse(run.stdout) as VerifyResult, stderr: run.stderr };
  };
  const labelsOf = (result: VerifyResult) => Object.fromEntries(result.objects.filter((o) => o.key.includes(`/${namespace}/`)).map((o) => [o.key.split('/').pop(), o.encryptedWith ?? o.state]));
  const createSecret = async (name: string) => {
    const run = await env.kubectl(['-n', namespace, 'create', 'secret', 'generic', name, `--from-literal=value=${name}-value`]);
    expect(run.code, run.stderr).toBe(0);
  };
  const secretValue = async (name: string) => Buffer.from((await env.kubectl(['-n', namespace, 'get', 'secret', name, '-o', 'jsonpath={.data.value}'])).stdout, 'base64').toString();
  const etcdctlPrefix = (name: string) => {
    const value = execFileSync('etcdctl', ['--endpoints', env.etcdUrl, 'get', `/registry/secrets/${namespace}/${name}`, '--print-value-only'], { env: { ...process.env, ETCDCTL_API: '3' } });
    return value.subarray(0, 30).toString('latin1');
  };
  const rotate = (...extra: string[]) => cli(['rotate', '--encryption-provider-config', config, ...etcdArgs(), '--kubeconfig', env.kubeconfig, ...extra]);
  const state = () => JSON.parse(readFileSync(`${config}.rotation.json`, 'utf8')) as RotationState;

  it('shows Secrets written before encryption as plaintext, after as aescbc:key1', async () => {
    await createSecret('before-1');
    await createSecret('before-2');
    const plain = await verify(false);
    expect(plain.code).toBe(1);
    expect(labelsOf(plain.result)).toEqual({ 'before-1': 'plaintext', 'before-2': 'plaintext' });
    expect(etcdctlPrefix('before-1').startsWith('k8s\0')).toBe(true);

    const init = await cli(['init', '--output', config, '--force']);
    expect(init.code, init.stderr).toBe(0);
    await env.restartApiserver!();
    await createSecret('after-1');
    const mixed = await verify();
    expect(mixed.code).toBe(1);
    expect(labelsOf(mixed.result)).toEqual({ 'before-1': 'plaintext', 'before-2': 'plaintext', 'after-1': 'aescbc:key1' });
    expect(mixed.result.objects.find((o) => o.key.endsWith('/after-1'))?.current).toBe(true);
    expect(etcdctlPrefix('after-1').startsWith('k8s:enc:aescbc:v1:key1:')).toBe(true);
    expect(await secretValue('before-1')).toBe('before-1-value');
  }, 120_000);

  it('rotates key1 -> key2 in four steps with restarts, resuming from its state file, and removes the old key', async () => {
    // Step 1: key2 second. Repeating it (a run interrupted before its state was saved) changes nothing.
    const add = await rotate();
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain('Step 1/4 (add) done');
    const keysAfterAdd = readFileSync(config, 'utf8');
    writeFileSync(`${config}.rotation.json`, JSON.stringify({ ...state(), done: [] }), { mode: 0o600 });
    expect((await rotate('--continue')).code).toBe(0);
    expect(readFileSync(config, 'utf8')).toBe(keysAfterAdd);
    expect(keyNames()).toEqual(['key1', 'key2']);
    expect(state().done).toEqual(['add']);
    expect((await rotate()).code).toBe(2); // a rotation in progress is only continued, never restarted
    await env.restartApiserver!();
    await createSecret('during-add');
    expect(labelsOf((await verify()).result)['during-add']).toBe('aescbc:key1');

    // Step 2: key2 first.
    const promote = await rotate('--continue');
    expect(promote.code, promote.stderr).toBe(0);
    expect(keyNames()).toEqual(['key2', 'key1']);

    // Step 3 before the restart: the API server still writes key1, so the step is refused and stays to be done.
    const early = await rotate('--continue');
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/still not on key "key2" after the rewrite: is .* deployed and every API server restarted/);
    expect(state().done).toEqual(['add', 'promote']);

    await env.restartApiserver!();
    const rewrite = await rotate('--continue');
    expect(rewrite.code, rewrite.stderr).toBe(0);
    expect(rewrite.stdout).toContain('Step 3/4 (rewrite) done');
    const rewritten = await verify();
    expect(rewritten.code).toBe(0);
    expect(new Set(Object.values(labelsOf(rewritten.result)))).toEqual(new Set(['aescbc:key2']));

    // Step 4 is refused while anything in etcd is still encrypted with key1.
    await etcd.put(`/registry/secrets/${namespace}/planted`).value(Buffer.concat([Buffer.from('k8s:enc:aescbc:v1:key1:'), randomBytes(32)])).exec();
    const refused = await rotate('--continue');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('key "key1" still encrypts 1 objects in etcd: it is not removed');
    expect(keyNames()).toEqual(['key2', 'key1']);
    await etcd.delete().key(`/registry/secrets/${namespace}/planted`).exec();

    const remove = await rotate('--continue');
    expect(remove.code, remove.stderr).toBe(0);
    expect(keyNames()).toEqual(['key2']);
    expect(state().done).toEqual(['add', 'promote', 'rewrite', 'remove']);
    await env.restartApiserver!();

    const final = await verify();
    expect(final.code).toBe(0);
    expect(final.result.totals.byKey).toEqual({ 'aescbc:key2': final.result.totals.objects });
    expect(etcdctlPrefix('before-1').startsWith('k8s:enc:aescbc:v1:key2:')).toBe(true);
    for (const name of ['before-1', 'before-2', 'after-1', 'during-add']) expect(await secretValue(name)).toBe(`${name}-value`);
    expect((await rotate('--continue')).code).toBe(1);
  }, 300_000);

  it('reads the same answer from a snapshot saved by etcdctl', async () => {
    const snapshot = join(env.tmpDir, 'snapshot.db');
    execFileSync('etcdctl', ['--endpoints', env.etcdUrl, 'snapshot', 'save', snapshot], { env: { ...process.env, ETCDCTL_API: '3' }, stdio: 'ignore' });
    const live = await verify();
    const run = await cli(['verify', '--snapshot', snapshot, '--encryption-provider-config', config, '--format', 'json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as VerifyResult).objects).toEqual(live.result.objects);
  }, 60_000);

  function keyNames(): string[] {
    const parsed = parse(readFileSync(config, 'utf8')) as { resources: Array<{ providers: Array<{ aescbc?: { keys: Array<{ name: string }> } }> }> };
    return parsed.resources[0]!.providers[0]!.aescbc!.keys.map((k) => k.name);
  }
});
