import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, GetObjectRetentionCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../src/services/backup/create.js';
import { signingKeyFromPem, type SigningKey } from '../src/services/backup/keys.js';
import { listBackups, readBackup } from '../src/services/backup/read.js';
import { pruneBackups } from '../src/services/backup/retention.js';
import { ObjectExistsError } from '../src/services/backup/targets/keys.js';
import { openTarget } from '../src/services/backup/targets/target.js';
import { configMap, fakeCluster, secret, type FakeType } from '../src/services/backup/testing/fake-cluster.js';
import type { BackupTarget } from '../src/services/backup/types.js';
import { verifyRepository } from '../src/services/backup/verify.js';
import { runCli } from './helpers/cli.js';
import { startMinio, type MinioServer } from './helpers/minio.js';

const BUCKET = 'rampart-backups';
let minio: MinioServer;
let signing: SigningKey;
let identity: string;
let recipient: string;
let dir: string;

const types: FakeType[] = [
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, objects: Array.from({ length: 20 }, (_, i) => configMap('shop', `cm-${i}`, { i: String(i) })) },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, objects: [secret('shop', 'api-token', { token: 's3-secret-token' })] },
];

beforeAll(async () => {
  minio = await startMinio();
  await minio.createLockedBucket(BUCKET);
  const { privateKey } = generateKeyPairSync('ed25519');
  signing = signingKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'test');
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
  dir = await mkdtemp(join(tmpdir(), 'rampart-backup-s3-'));
}, 90_000);
afterAll(async () => {
  await minio?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function s3Target(prefix: string, lock = true): Promise<BackupTarget> {
  return openTarget(`s3://${BUCKET}/${prefix}`, {
    s3: {
      endpoint: minio.endpoint,
      region: minio.region,
      credentials: { accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey },
      timeoutMs: 10_000,
      ...(lock ? { lockMode: 'COMPLIANCE' as const, retainDays: 1 } : {}),
    },
  });
}

async function keysUnder(prefix: string): Promise<Array<{ key: string; versionId: string }>> {
  const versions = await minio.client.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: prefix }));
  return (versions.Versions ?? []).map((v) => ({ key: v.Key!, versionId: v.VersionId! }));
}

describe('S3 target with Object Lock (real MinIO)', () => {
  it('locks every object at write time, and a delete inside the retention fails', async () => {
    const target = await s3Target('locked');
    const result = await createBackup({ target, signing, owners: [{ type: 'x25519', recipient }], client: fakeCluster(types), cluster: 'cluster://s3', selection: { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } } });
    expect(result.objectCount).toBe(21);

    const written = await keysUnder('locked/');
    expect(written.map((w) => w.key)).toEqual(expect.arrayContaining(['locked/rampart-backup.json', `locked/manifests/${result.id}.json`]));
    expect(written.length).toBe(1 + 1 + result.packsWritten + 1); // config, owner key, packs (with index), manifest
    for (const { key, versionId } of written) {
      const retention = await minio.client.send(new GetObjectRetentionCommand({ Bucket: BUCKET, Key: key, VersionId: versionId }));
      expect(retention.Retention?.Mode).toBe('COMPLIANCE');
      expect(retention.Retention!.RetainUntilDate!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    }

    const manifest = written.find((w) => w.key.includes('/manifests/'))!;
    await expect(minio.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: manifest.key, VersionId: manifest.versionId }))).rejects.toThrow();
    // Overwriting is refused too: the bucket keeps the signed version even if a new one is put over it.
    await expect(target.put(manifest.key.slice('locked/'.length), new Uint8Array([1]))).rejects.toThrow(ObjectExistsError);
    const still = await keysUnder(manifest.key);
    expect(still).toEqual([manifest]);

    expect((await verifyRepository(target, { deep: true, identities: [identity] })).findings).toEqual([]);
    const objects = [];
    for await (const object of readBackup(target, 'latest', [identity])) objects.push(object);
    const stored = objects.find((o) => o.kind === 'Secret')!;
    expect(Buffer.from((stored.object.data as { token: string }).token, 'base64').toString()).toBe('s3-secret-token');
  });

  it('retention deletes nothing the lock protects and the repository stays whole', async () => {
    const target = await s3Target('pruned');
    const options = { target, signing, owners: [{ type: 'x25519' as const, recipient }], client: fakeCluster(types), cluster: 'cluster://s3', selection: { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } } };
    const first = await createBackup(options);
    types[0]!.objects[0] = configMap('shop', 'cm-0', { i: 'changed' });
    const second = await createBackup(options);
    expect(second.reused).toBe(20);
    const result = await pruneBackups(target, { keepLast: 1, signing });
    expect(result).toMatchObject({ kept: [second.id], removed: [], locked: [first.id], packsRemoved: 0 });
    expect((await listBackups(target)).map((b) => b.id)).toEqual([first.id, second.id]);
    expect((await verifyRepository(target)).findings).toEqual([]);
  });

  it('verify through the CLI catches a pack an attacker hid behind a delete marker (the locked version survives)', async () => {
    const target = await s3Target('hidden');
    await createBackup({ target, signing, owners: [{ type: 'x25519', recipient }], client: fakeCluster(types), cluster: 'cluster://s3', selection: { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } } });
    const env = { AWS_ACCESS_KEY_ID: minio.accessKeyId, AWS_SECRET_ACCESS_KEY: minio.secretAccessKey, AWS_REGION: minio.region };
    const args = ['backup', 'verify', '--target', `s3://${BUCKET}/hidden`, '--s3-endpoint', minio.endpoint];
    const clean = await runCli(args, { cwd: dir, env });
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('OK: every manifest is signed and chained');

    const pack = (await keysUnder('hidden/packs/'))[0]!;
    await minio.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: pack.key })); // no version id: only a marker
    const broken = await runCli([...args, '--format', 'json'], { cwd: dir, env });
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).findings.map((f: { kind: string }) => f.kind).sort()).toEqual(['hidden-object', 'missing-pack']);
    expect(await keysUnder(pack.key)).toEqual([pack]);

    const wrongCreds = await runCli(args, { cwd: dir, env: { ...env, AWS_SECRET_ACCESS_KEY: 'wrong' } });
    expect(wrongCreds.code).toBe(3);
    expect(wrongCreds.stderr).toMatch(/cannot read rampart-backup.json in s3:\/\/rampart-backups\/hidden/);
  });

  it('reports the newest manifest hidden behind a delete marker, which no chain link would reveal', async () => {
    const target = await s3Target('truncated');
    const options = { target, signing, owners: [{ type: 'x25519' as const, recipient }], client: fakeCluster(types), cluster: 'cluster://s3', selection: { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } } };
    await createBackup(options);
    const newest = await createBackup(options);
    await minio.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: `truncated/manifests/${newest.id}.json` }));
    expect((await listBackups(target)).map((b) => b.id)).not.toContain(newest.id);
    const result = await verifyRepository(target);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'hidden-object', subject: `manifests/${newest.id}.json` })]);
  });

  it('reports a tampered object put beside the repository without trusting it', async () => {
    const target = await s3Target('planted', false);
    await createBackup({ target, signing, owners: [{ type: 'x25519', recipient }], client: fakeCluster(types), cluster: 'cluster://s3', selection: { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } } });
    await minio.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'planted/manifests/20991231T000000000Z-abcdef.json', Body: '{"payload":"{}","signature":"AA==","key":"0000000000000000"}' }));
    const result = await verifyRepository(target);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'bad-manifest', subject: '20991231T000000000Z-abcdef' })]);
  });
});
