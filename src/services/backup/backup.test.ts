import { readdir, readFile, rm, writeFile, mkdtemp, unlink, copyFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { createBackup, type BackupSelection, type CreateOptions } from './create.js';
import { manifestKey, packKey } from './format/repository.js';
import { signingKeyFromPem, type SigningKey } from './keys.js';
import { listBackups, loadManifest, readBackup } from './read.js';
import { pruneBackups } from './retention.js';
import { DirectoryTarget } from './targets/directory.js';
import { ObjectExistsError } from './targets/keys.js';
import { configMap, fakeCluster, namespaceObject, secret, type FakeType } from './testing/fake-cluster.js';
import { BackupFormatError, BackupKeyError, type BackupObject, type BackupTarget } from './types.js';
import { verifyRepository } from './verify.js';

const SECRET_VALUE = 'hunter2-very-secret-value';

function newSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signingKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'test');
}

function clusterTypes(count: number): FakeType[] {
  return [
    { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false, objects: [namespaceObject('shop'), namespaceObject('ops')] },
    {
      group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true,
      objects: Array.from({ length: count }, (_, i) => configMap(i % 2 ? 'shop' : 'ops', `cm-${i}`, { value: String(i) }, { app: i % 2 ? 'web' : 'db' })),
    },
    { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, objects: [secret('shop', 'db-password', { password: SECRET_VALUE })] },
    {
      group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions', kind: 'CustomResourceDefinition', namespaced: false,
      objects: [{ metadata: { name: 'widgets.example.com' }, spec: { group: 'example.com', names: { plural: 'widgets', kind: 'Widget' }, scope: 'Namespaced' } }],
    },
    { group: 'example.com', version: 'v1', resource: 'widgets', kind: 'Widget', namespaced: true, objects: [{ metadata: { namespace: 'shop', name: 'w1' }, spec: { size: 3 } }] },
  ];
}

const ALL: BackupSelection = { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } };

let dir: string;
let target: DirectoryTarget;
let signing: SigningKey;
let identity: string;
let recipient: string;
let types: FakeType[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-backup-'));
  target = new DirectoryTarget(dir);
  signing = newSigningKey();
  identity = await generateX25519Identity();
  recipient = await identityToRecipient(identity);
  types = clusterTypes(50);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

let clock = Date.parse('2026-01-01T00:00:00Z');
const tick = () => new Date((clock += 60_000));

function backup(overrides: Partial<CreateOptions> = {}) {
  return createBackup({ target, signing, owners: [{ type: 'x25519', recipient }], client: fakeCluster(types), cluster: 'cluster://test', selection: ALL, now: tick, ...overrides });
}

async function collect(objects: AsyncIterable<BackupObject>): Promise<BackupObject[]> {
  const all: BackupObject[] = [];
  for await (const object of objects) all.push(object);
  return all;
}

async function allFiles(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('createBackup and readBackup', () => {
  it('stores every object with Secret data intact, and nothing readable on disk', async () => {
    const result = await backup();
    expect(result.objectCount).toBe(2 + 50 + 1 + 1 + 1);
    expect(result.gaps).toEqual([]);
    const objects = await collect(readBackup(target, 'latest', [identity]));
    expect(objects).toHaveLength(result.objectCount);
    const stored = objects.find((o) => o.kind === 'Secret')!;
    expect(stored).toMatchObject({ apiVersion: 'v1', namespace: 'shop', name: 'db-password', group: '', resource: 'secrets' });
    expect(Buffer.from((stored.object.data as Record<string, string>).password!, 'base64').toString()).toBe(SECRET_VALUE);
    expect((stored.object.metadata as Record<string, unknown>).uid).toBeUndefined();
    expect(objects.find((o) => o.kind === 'Widget')?.object.spec).toEqual({ size: 3 });

    const encoded = Buffer.from(SECRET_VALUE).toString('base64');
    for (const file of await allFiles(dir)) {
      const text = (await readFile(file)).toString('latin1');
      for (const needle of [SECRET_VALUE, encoded, 'db-password', 'cm-1']) expect(text.includes(needle), `${file} holds ${needle}`).toBe(false);
    }
  });

  it('lists backups oldest first with the chain link', async () => {
    const first = await backup();
    const second = await backup();
    const list = await listBackups(target);
    expect(list.map((b) => b.id)).toEqual([first.id, second.id]);
    expect(list[1]).toMatchObject({ cluster: 'cluster://test', objectCount: 55, previous: first.id });
    expect(list[0]!.previous).toBeUndefined();
  });

  it('reuses unchanged objects and uploads only what changed', async () => {
    await backup();
    const cms = types[1]!.objects;
    cms[7] = configMap('shop', 'cm-7', { value: 'changed' });
    const second = await backup();
    expect(second.reused).toBe(54);
    expect(second.packsWritten).toBe(2); // one pack with the changed object, one index
    const objects = await collect(readBackup(target, second.id, [identity]));
    expect(objects.find((o) => o.name === 'cm-7')?.object.data).toEqual({ value: 'changed' });
    expect(objects).toHaveLength(55);
  });

  it('stores again what sat in a pack of the previous backup that has gone missing', async () => {
    const first = await backup();
    const { manifest } = await loadManifest(target, first.id, [signing.publicKey]);
    await unlink(join(dir, packKey(manifest.packs[0]!.id)));
    const second = await backup();
    expect(second.reused).toBe(0);
    expect(await collect(readBackup(target, second.id, [identity]))).toHaveLength(55);
  });

  it('fails with one clear BackupKeyError on a wrong identity, and opens with a passphrase owner', async () => {
    await backup({ owners: [{ type: 'x25519', recipient }, { type: 'passphrase', passphrase: 'correct horse battery' }] });
    const wrong = await generateX25519Identity();
    await expect(collect(readBackup(target, 'latest', [wrong]))).rejects.toThrow(BackupKeyError);
    await expect(collect(readBackup(target, 'latest', ['wrong passphrase']))).rejects.toThrow(/none of the given identities or passphrases/);
    await expect(collect(readBackup(target, 'latest', []))).rejects.toThrow(BackupKeyError);
    expect(await collect(readBackup(target, 'latest', ['correct horse battery']))).toHaveLength(55);
  }, 120_000); // three scrypt runs (age's default work factor, pure JS) take seconds each on a loaded machine

  it('refuses to create a repository without recipients and on a foreign non-empty directory', async () => {
    await expect(backup({ owners: [] })).rejects.toThrow(/needs at least one recipient/);
    await writeFile(join(dir, 'unrelated.txt'), 'x');
    await expect(backup()).rejects.toThrow(/not empty and holds no Rampart backup repository/);
  });

  it('refuses a repository signed by another key', async () => {
    await backup();
    await expect(backup({ signing: newSigningKey() })).rejects.toThrow(/signed by unknown key/);
  });

  it('filters by namespace (adding the Namespace and the CRDs it needs), label and type', async () => {
    await backup({ selection: { ...ALL, namespaces: ['shop'] } });
    const inShop = await collect(readBackup(target, 'latest', [identity]));
    expect(inShop.filter((o) => o.namespace !== undefined).every((o) => o.namespace === 'shop')).toBe(true);
    expect(inShop.map((o) => `${o.kind}/${o.name}`)).toEqual(expect.arrayContaining(['Namespace/shop', 'CustomResourceDefinition/widgets.example.com', 'Widget/w1', 'Secret/db-password']));
    expect(inShop.some((o) => o.kind === 'Namespace' && o.name === 'ops')).toBe(false);

    await backup({ selection: { ...ALL, labelSelector: 'app=db', types: { include: ['configmaps'], exclude: [] } } });
    const db = await collect(readBackup(target, 'latest', [identity]));
    expect(db).toHaveLength(25);
    expect(db.every((o) => o.kind === 'ConfigMap' && (o.object.metadata as { labels: Record<string, string> }).labels.app === 'db')).toBe(true);

    await backup({ selection: { ...ALL, types: { include: [], exclude: ['Secret', 'configmaps'] } } });
    const rest = await collect(readBackup(target, 'latest', [identity]));
    expect(rest.map((o) => o.kind).sort()).toEqual(['CustomResourceDefinition', 'Namespace', 'Namespace', 'Widget']);
  });

  it('records what could not be read as gaps', async () => {
    const client = fakeCluster(types);
    const forbidding = { getJson: async (path: string, query?: Record<string, string>) => {
      if (path.endsWith('/secrets')) throw new (await import('../../sources/cluster/errors.js')).ApiError(403, 'Forbidden', 'forbidden');
      return client.getJson(path, query);
    } };
    const result = await backup({ client: forbidding });
    expect(result.gaps.join('\n')).toMatch(/cannot list secrets/);
    expect(result.objectCount).toBe(54);
  });

  it('leaves no manifest when it crashes after writing packs, and the next backup is whole', async () => {
    await backup();
    types[1]!.objects.push(configMap('ops', 'late', { value: 'x' }));
    const crashing: BackupTarget = Object.assign(Object.create(target) as DirectoryTarget, {
      put: async (key: string, body: Uint8Array) => {
        if (key.startsWith('manifests/')) throw new Error('power loss');
        return target.put(key, body);
      },
    });
    await expect(backup({ target: crashing })).rejects.toThrow('power loss');
    expect((await listBackups(target))).toHaveLength(1);
    const verified = await verifyRepository(target);
    expect(verified.findings).toEqual([]);
    expect(verified.unreferencedPacks).toBe(2);
    const next = await backup();
    expect(next.objectCount).toBe(56);
    expect((await verifyRepository(target, { deep: true, identities: [identity] })).findings).toEqual([]);
  });
});

describe('DirectoryTarget', () => {
  it('never overwrites an object and refuses keys that leave the root', async () => {
    await target.put('packs/aa/x', new Uint8Array([1]));
    await expect(target.put('packs/aa/x', new Uint8Array([2]))).rejects.toThrow(ObjectExistsError);
    expect(await target.get('packs/aa/x')).toEqual(Buffer.from([1]));
    for (const key of ['../escape', 'packs/../../x', '/abs', 'a//b', '']) await expect(target.put(key, new Uint8Array())).rejects.toThrow(BackupFormatError);
    expect(await target.get('packs/none')).toBeUndefined();
    expect(await target.list('packs/')).toEqual(['packs/aa/x']);
  });
});

describe('verifyRepository', () => {
  async function threeBackups() {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      types[1]!.objects.push(configMap('ops', `added-${i}`, { value: String(i) }));
      ids.push((await backup()).id);
    }
    return ids;
  }

  it('passes an intact repository, shallow and deep', async () => {
    await threeBackups();
    const shallow = await verifyRepository(target);
    expect(shallow).toMatchObject({ backups: 3, findings: [], deep: false, signingKey: { pinned: false } });
    expect(shallow.bytes).toBeGreaterThan(0);
    const deep = await verifyRepository(target, { deep: true, identities: [identity], trusted: [signing.publicKey] });
    expect(deep).toMatchObject({ findings: [], deep: true, signingKey: { pinned: true } });
  });

  it('catches a flipped byte in a pack', async () => {
    const [, second] = await threeBackups();
    const { manifest } = await loadManifest(target, second!, [signing.publicKey]);
    const path = join(dir, packKey(manifest.packs.at(-1)!.id));
    const bytes = await readFile(path);
    bytes[bytes.length - 5]! ^= 0x01;
    await chmod(path, 0o600);
    await writeFile(path, bytes);
    const result = await verifyRepository(target);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'altered-pack', subject: manifest.packs.at(-1)!.id })]);
    await expect(collect(readBackup(target, second!, [identity]))).rejects.toThrow(/was altered/);
  });

  it('catches a missing pack', async () => {
    const [first] = await threeBackups();
    const { manifest } = await loadManifest(target, first!, [signing.publicKey]);
    await unlink(join(dir, packKey(manifest.index.id)));
    const result = await verifyRepository(target);
    expect(result.findings.map((f) => f.kind)).toEqual(['missing-pack']);
  });

  it('catches a deleted manifest', async () => {
    const [, second] = await threeBackups();
    await unlink(join(dir, manifestKey(second!)));
    const result = await verifyRepository(target);
    expect(result.findings).toEqual([expect.objectContaining({ kind: 'missing-manifest', subject: second })]);
  });

  it('catches a manifest replaced with an older one', async () => {
    const [first, second, third] = await threeBackups();
    const path = join(dir, manifestKey(third!));
    await chmod(path, 0o600);
    await copyFile(join(dir, manifestKey(first!)), path);
    const kinds = (await verifyRepository(target)).findings.map((f) => `${f.kind} ${f.subject}`);
    expect(kinds).toEqual([`bad-manifest ${third}`]);
    // Replacing the middle one also breaks the link its successor holds.
    const middle = join(dir, manifestKey(second!));
    await chmod(middle, 0o600);
    await copyFile(join(dir, manifestKey(first!)), middle);
    const after = (await verifyRepository(target)).findings.map((f) => `${f.kind} ${f.subject}`);
    expect(after).toEqual([`bad-manifest ${second}`, `bad-manifest ${third}`]);
  });

  it('catches a manifest signed by another key and a forged chain start', async () => {
    await threeBackups();
    const rogue = newSigningKey();
    const rogueTarget = new DirectoryTarget(dir);
    // A second writer with its own key cannot append: create refuses the repository...
    await expect(createBackup({ target: rogueTarget, signing: rogue, client: fakeCluster(types), cluster: 'x', selection: ALL, now: tick })).rejects.toThrow(/unknown key/);
    // ...and a pinned key that did not sign the repository fails verification outright.
    await expect(verifyRepository(target, { trusted: [rogue.publicKey] })).rejects.toThrow(/unknown key/);
  });

  it('reports garbage in place of a manifest as a finding, and a missing repository as an error', async () => {
    const [first] = await threeBackups();
    const path = join(dir, manifestKey(first!));
    await chmod(path, 0o600);
    await writeFile(path, '{not json');
    // The successor's link no longer matches the bytes either.
    expect((await verifyRepository(target)).findings.map((f) => f.kind)).toEqual(['bad-manifest', 'chain-break']);
    await expect(verifyRepository(new DirectoryTarget(join(dir, 'nothing')))).rejects.toThrow(/holds no Rampart backup repository/);
  });
});

describe('pruneBackups', () => {
  it('keeps the newest, deletes only unused packs, and leaves a chain verify accepts', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      types[1]!.objects[i] = configMap('ops', `cm-${i}`, { value: `v${i}` });
      ids.push((await backup()).id);
    }
    const plan = await pruneBackups(target, { keepLast: 2, signing, dryRun: true });
    expect(plan.removed).toEqual(ids.slice(0, 3));
    expect((await listBackups(target))).toHaveLength(5);

    const result = await pruneBackups(target, { keepLast: 2, signing });
    expect(result).toMatchObject({ kept: ids.slice(3), removed: ids.slice(0, 3), locked: [] });
    expect(result.packsRemoved).toBeGreaterThan(0);
    expect((await listBackups(target)).map((b) => b.id)).toEqual(ids.slice(3));
    expect((await verifyRepository(target, { deep: true, identities: [identity] })).findings).toEqual([]);
    expect(await collect(readBackup(target, ids[3]!, [identity]))).toHaveLength(55);

    // A manifest deleted outside retention is still caught after a prune.
    await unlink(join(dir, manifestKey(ids[3]!)));
    expect((await verifyRepository(target)).findings.map((f) => f.kind)).toEqual(['missing-manifest']);
  });

  it('keeps by age and never removes the latest', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await backup()).id);
    const now = new Date(clock + 10 * 86_400_000);
    const result = await pruneBackups(target, { keepDays: 1, signing, now });
    expect(result.kept).toEqual([ids[2]]);
    expect(result.removed).toEqual(ids.slice(0, 2));
    await expect(pruneBackups(target, { signing })).rejects.toThrow(/retention policy/);
  });

  it('keeps what the store refuses to delete, with its packs', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      types[1]!.objects[i] = configMap('ops', `cm-${i}`, { value: `w${i}` });
      ids.push((await backup()).id);
    }
    const locked: BackupTarget = Object.assign(Object.create(target) as DirectoryTarget, { remove: async () => false });
    const result = await pruneBackups(locked, { keepLast: 1, signing });
    expect(result).toMatchObject({ removed: [], locked: ids.slice(0, 2), packsRemoved: 0 });
    expect((await verifyRepository(target)).findings).toEqual([]);
  });
});
