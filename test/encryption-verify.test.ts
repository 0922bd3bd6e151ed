import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { startTlsEtcd, type TlsEtcd } from './fixtures/encryption/etcd-tls.js';
import type { VerifyResult } from '../src/services/encryption/verify.js';

/** A protobuf-encoded object as the API server stores it unencrypted: magic, then runtime.Unknown (field 1 first). */
const protobuf = (name: string) => Buffer.concat([Buffer.from('k8s\0', 'latin1'), Buffer.from([0x0a, 0x0c]), Buffer.from(`\n\x02v1\x12\x06Secret`), Buffer.from(name)]);
const encrypted = (provider: string, key: string, bytes = 48) => Buffer.concat([Buffer.from(`k8s:enc:${provider}:v1:${key}:`), randomBytes(bytes)]);

const CONFIG = `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aescbc:
          keys:
            - name: key2
              secret: ${randomBytes(32).toString('base64')}
            - name: key1
              secret: ${randomBytes(32).toString('base64')}
      - identity: {}
`;

let etcd: TlsEtcd;
let configFile: string;

beforeAll(async () => {
  etcd = await startTlsEtcd();
  configFile = join(etcd.dir, 'encryption.yaml');
  writeFileSync(configFile, CONFIG, { mode: 0o600 });
  const put = (key: string, value: Buffer) => etcd.client.put(key).value(value).exec();
  await put('/registry/secrets/default/plain', protobuf('plain'));
  await put('/registry/secrets/default/old', encrypted('aescbc', 'key1'));
  await put('/registry/secrets/default/new', encrypted('aescbc', 'key2'));
  await put('/registry/secrets/prod/new2', encrypted('aescbc', 'key2', 64));
  await put('/registry/secrets/prod/kms', Buffer.concat([Buffer.from('k8s:enc:kms:v2:vault:'), randomBytes(80)]));
  // Not a Secret: never read unless asked for.
  await put('/registry/configmaps/default/cm', protobuf('cm'));
}, 60_000);

afterAll(async () => {
  await etcd?.stop();
});

const tls = () => ['--etcd-endpoints', etcd.url, '--cacert', etcd.ca, '--cert', etcd.cert, '--key', etcd.key];
const verify = (args: string[]) => runCli(['encryption', 'verify', ...args], { cwd: etcd.dir });

describe('encryption verify against a real etcd with TLS client certificates', () => {
  it('classifies each Secret: plaintext, provider and key, current or stale, and exits 1', async () => {
    const run = await verify([...tls(), '--encryption-provider-config', configFile, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as VerifyResult;
    expect(result.writeKeys).toEqual({ secrets: 'aescbc:key2' });
    const byKey = Object.fromEntries(result.objects.map((o) => [o.key, o]));
    expect(byKey['/registry/secrets/default/plain']).toMatchObject({ state: 'plaintext', current: false });
    expect(byKey['/registry/secrets/default/old']).toMatchObject({ state: 'encrypted', encryptedWith: 'aescbc:key1', current: false });
    expect(byKey['/registry/secrets/default/new']).toMatchObject({ state: 'encrypted', encryptedWith: 'aescbc:key2', current: true });
    expect(byKey['/registry/secrets/prod/kms']).toMatchObject({ state: 'encrypted', encryptedWith: 'kms:v2:vault', current: false });
    expect(result.totals).toEqual({ objects: 5, plaintext: 1, encrypted: 4, stale: 2, corrupt: 0, byKey: { identity: 1, 'aescbc:key1': 1, 'aescbc:key2': 2, 'kms:v2:vault': 1 } });
    expect(byKey['/registry/configmaps/default/cm']).toBeUndefined();
  });

  it('never prints a value, and the table lists what needs attention', async () => {
    const run = await verify([...tls(), '--encryption-provider-config', configFile]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('PLAINTEXT');
    expect(run.stdout).toMatch(/STALE aescbc:key1\s+\/registry\/secrets\/default\/old/);
    expect(run.stdout).toContain('5 objects: 4 encrypted, 1 plaintext, 2 stale, 0 unreadable');
    expect(run.stdout).not.toContain('Secret');
  });

  it('reads other resources when asked', async () => {
    const run = await verify([...tls(), '--resource', 'configmaps', '--format', 'json']);
    const result = JSON.parse(run.stdout) as VerifyResult;
    expect(result.totals).toMatchObject({ objects: 1, plaintext: 1 });
    expect(run.code).toBe(1);
  });

  it('reports a corrupt or truncated value per key and exits 3, still classifying the rest', async () => {
    await etcd.client.put('/registry/secrets/zz/truncated').value(Buffer.from('k8s:enc:aescbc:v1:key2:abc')).exec();
    // Random bytes after a first byte that starts no known encoding: a random first byte is `{` (JSON) once in 256 runs.
    await etcd.client.put('/registry/secrets/zz/garbage').value(Buffer.concat([Buffer.from([0xff]), randomBytes(19)])).exec();
    try {
      const run = await verify([...tls(), '--encryption-provider-config', configFile, '--format', 'json']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('/registry/secrets/zz/truncated: aescbc ciphertext truncated (3 bytes)');
      expect(run.stderr).toContain('/registry/secrets/zz/garbage: neither a Kubernetes protobuf or JSON value nor a k8s:enc: prefix');
      const result = JSON.parse(run.stdout) as VerifyResult;
      expect(result.totals).toMatchObject({ objects: 7, corrupt: 2, plaintext: 1 });
    } finally {
      await etcd.client.delete().prefix('/registry/secrets/zz/').exec();
    }
  });

  it('fails with one clear error and exit 3 on a wrong client certificate, a missing one, or an unreachable etcd', async () => {
    const wrong = await verify(['--etcd-endpoints', etcd.url, '--cacert', etcd.ca, '--cert', etcd.wrongCert, '--key', etcd.wrongKey]);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/^rampart: etcd at https:\/\/127\.0\.0\.1:\d+ cannot be read: .+\n$/);
    const none = await verify(['--etcd-endpoints', etcd.url, '--cacert', etcd.ca]);
    expect(none.code).toBe(3);
    expect(none.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    const down = await verify(['--etcd-endpoints', 'http://127.0.0.1:1', '--etcd-timeout', '3']);
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/cannot be read: .*(UNAVAILABLE|ECONNREFUSED)/);
    const missing = await verify(['--etcd-endpoints', etcd.url, '--cacert', join(etcd.dir, 'nope.crt')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('cannot read the CA certificate');
  });

  it('reads a snapshot made by the real etcdctl as it reads the live etcd', async () => {
    const snapshot = join(etcd.dir, 'snapshot.db');
    execFileSync('etcdctl', ['--endpoints', etcd.url, '--cacert', etcd.ca, '--cert', etcd.cert, '--key', etcd.key, 'snapshot', 'save', snapshot], {
      env: { ...process.env, ETCDCTL_API: '3' }, stdio: 'ignore',
    });
    const live = JSON.parse((await verify([...tls(), '--encryption-provider-config', configFile, '--format', 'json'])).stdout) as VerifyResult;
    const run = await verify(['--snapshot', snapshot, '--encryption-provider-config', configFile, '--format', 'json']);
    expect(run.code).toBe(1);
    const fromSnapshot = JSON.parse(run.stdout) as VerifyResult;
    expect(fromSnapshot.objects).toEqual(live.objects);
    expect(fromSnapshot.totals).toEqual(live.totals);
  });

  it('refuses a file that is not an etcd snapshot with exit 3', async () => {
    const junk = join(etcd.dir, 'junk.db');
    writeFileSync(junk, randomBytes(8192));
    const run = await verify(['--snapshot', junk]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('is not a readable etcd snapshot');
  });
});
