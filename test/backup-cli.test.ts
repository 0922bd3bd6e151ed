import { generateKeyPairSync } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../src/services/backup/create.js';
import { loadSigningKey } from '../src/services/backup/keys.js';
import { DirectoryTarget } from '../src/services/backup/targets/directory.js';
import { configMap, fakeCluster, type FakeType } from '../src/services/backup/testing/fake-cluster.js';
import { runCli } from './helpers/cli.js';

let work: string;
const ids: string[] = [];
const types: FakeType[] = [{ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true, objects: [] }];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rampart-backup-cli-'));
  expect((await runCli(['backup', 'keygen', '--out', 'keys'], { cwd: work })).code).toBe(0);
  const recipient = (await readFile(join(work, 'keys/backup-identity.txt'), 'utf8')).match(/age1[0-9a-z]+/)![0];
  const signing = await loadSigningKey(join(work, 'keys/backup-signing.key'));
  const target = new DirectoryTarget(join(work, 'repo'));
  let clock = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < 4; i++) {
    types[0]!.objects.push(configMap('app', `cm-${i}`, { i: String(i) }));
    const at = new Date((clock += 3_600_000));
    const result = await createBackup({ target, signing, owners: [{ type: 'x25519', recipient }], client: fakeCluster(types), cluster: 'cluster://cli', selection: { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } }, now: () => at });
    ids.push(result.id);
  }
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(['backup', ...args], { cwd: work });

describe('rampart backup list, prune and verify on a directory repository', () => {
  it('lists, prunes with a dry run first, and verifies the pruned chain', async () => {
    const listed = await run(['list', '--target', 'repo', '--public-key', 'keys/backup-signing.pub']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s+/)[0])).toEqual(ids);
    expect(listed.stdout).toMatch(new RegExp(`${ids[3]}\\s+2026-03-01T04:00:00.000Z\\s+4\\s+cluster://cli`));

    const dry = await run(['prune', '--target', 'repo', '--signing-key', 'keys/backup-signing.key', '--keep-last', '2', '--dry-run']);
    expect(dry.stdout).toContain(`kept 2, would remove 2 backups (${ids[0]}, ${ids[1]})`);
    const pruned = await run(['prune', '--target', 'repo', '--signing-key', 'keys/backup-signing.key', '--keep-last', '2', '--format', 'json']);
    expect(pruned.code).toBe(0);
    expect(JSON.parse(pruned.stdout)).toMatchObject({ removed: [ids[0], ids[1]], locked: [] });

    const verified = await run(['verify', '--target', 'repo', '--public-key', 'keys/backup-signing.pub', '--deep', '--identity', 'keys/backup-identity.txt']);
    expect(verified.stdout).toContain('signing key:');
    expect(verified.stdout).toContain('(pinned)');
    expect(verified.code).toBe(0);
  });

  it('verify and list exit 1 on a manifest replaced with an older one', async () => {
    const [older, newer] = [join(work, `repo/manifests/${ids[2]}.json`), join(work, `repo/manifests/${ids[3]}.json`)];
    await chmod(newer, 0o600);
    await writeFile(newer, await readFile(older));
    const verified = await run(['verify', '--target', 'repo']);
    expect(verified.code).toBe(1);
    expect(verified.stdout).toMatch(/BAD-MANIFEST\s+manifest \S+ holds backup \S+'s manifest \(replaced or renamed\)/);
    expect(verified.stdout).toContain('FAIL: 1 problems');
    const listed = await run(['list', '--target', 'repo']);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('1 manifests fail their checks');
  });

  it('exit 3 for a repository signed by another key', async () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' });
    await writeFile(join(work, 'other.pub'), other);
    const verified = await run(['verify', '--target', 'repo', '--public-key', 'other.pub']);
    expect(verified.code).toBe(3);
    expect(verified.stderr).toMatch(/rampart-backup.json: signed by unknown key/);
  });
});
