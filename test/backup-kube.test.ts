import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIdentities } from '../src/services/backup/keys.js';
import { readBackup } from '../src/services/backup/read.js';
import { DirectoryTarget } from '../src/services/backup/targets/directory.js';
import type { BackupObject } from '../src/services/backup/types.js';
import { runCli } from './helpers/cli.js';
import { describeKube, uniqueNamespace } from './helpers/kube-env.js';

const PASSWORD = 'kube-backup-password-4711';

describe('rampart backup: usage', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'rampart-backup-usage-'));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });
  it.each([
    [['backup', 'create', '--target', 'x'], '--signing-key FILE'],
    [['backup', 'verify'], '--target DIR'],
    [['backup', 'verify', '--target', 'x', '--deep'], '--deep decrypts'],
    [['backup', 'prune', '--target', 'x', '--signing-key', 'k'], '--keep-last N and/or --keep-days D'],
    [['backup', 'prune', '--target', 'x', '--keep-last', 'many'], '--keep-last must be a number'],
    [['backup', 'keygen'], 'needs --out DIR'],
    [['backup', 'list', '--target', 'x', '--deep'], '--deep does not apply'],
    [['backup', 'nope'], 'unknown backup subcommand'],
  ])('rejects %j with exit 2', async (args, message) => {
    const run = await runCli(args, { cwd: work });
    expect(run.stderr).toContain(message);
    expect(run.code).toBe(2);
  });

  it('keygen writes private files 0600 and never overwrites them; a missing repository is exit 3', async () => {
    const first = await runCli(['backup', 'keygen', '--out', 'keys'], { cwd: work });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^age1[0-9a-z]+\n$/);
    expect((await stat(join(work, 'keys/backup-signing.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(work, 'keys/backup-identity.txt'))).mode & 0o777).toBe(0o600);
    const again = await runCli(['backup', 'keygen', '--out', 'keys'], { cwd: work });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
    const missing = await runCli(['backup', 'verify', '--target', 'nowhere'], { cwd: work });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('holds no Rampart backup repository');
  });
});

describeKube('rampart backup against a real API server', (env) => {
  let work: string;
  const ns = uniqueNamespace('backup-apps');
  const run = (args: string[], extra: Record<string, string> = {}) => runCli(args, { cwd: work, env: { KUBECONFIG: env.kubeconfig, ...extra } });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'rampart-backup-kube-'));
    const crd = await env.kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.backup.example.com' },
        spec: { group: 'backup.example.com', scope: 'Namespaced', names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
      }),
    });
    expect(crd.code, crd.stderr).toBe(0);
    await env.kubectl(['wait', '--for=condition=Established', 'crd/gadgets.backup.example.com', '--timeout=30s']);
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { team: 'shop' } } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: ns }, stringData: { password: PASSWORD } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: ns, labels: { app: 'web' } }, data: { mode: 'prod' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: ns } },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader', namespace: ns }, rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'web-reader', namespace: ns }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: ns }] },
      {
        apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: ns, labels: { app: 'web' } },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { serviceAccountName: 'web', containers: [{ name: 'app', image: 'nginx:1.27' }] } } },
      },
      { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: ns }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } },
      { apiVersion: 'backup.example.com/v1', kind: 'Gadget', metadata: { name: 'g1', namespace: ns }, spec: { size: 7 } },
    ];
    const applied = await env.kubectl(['apply', '-f', '-'], { input: objects.map((o) => JSON.stringify(o)).join('\n') });
    expect(applied.code, applied.stderr).toBe(0);
    expect((await run(['backup', 'keygen', '--out', 'keys'])).code).toBe(0);
  });
  afterAll(async () => {
    await env.kubectl(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
    await env.kubectl(['delete', 'crd', 'gadgets.backup.example.com', '--ignore-not-found', '--wait=false']);
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('backs up workloads, RBAC, a CRD with its instance and Secrets; verify passes; the objects read back intact', async () => {
    const recipient = (await readFile(join(work, 'keys/backup-identity.txt'), 'utf8')).match(/age1[0-9a-z]+/)![0];
    const created = await run(['backup', 'create', '--target', 'repo', '--signing-key', 'keys/backup-signing.key', '--recipient', recipient, '--namespace', ns]);
    expect(created.stderr).toMatch(/backup \S+ of cluster:\/\/\S+ in .*repo: \d+ objects/);
    expect(created.code).toBe(0);
    const id = created.stdout.trim();

    const verified = await run(['backup', 'verify', '--target', 'repo', '--public-key', 'keys/backup-signing.pub', '--deep', '--identity', 'keys/backup-identity.txt']);
    expect(verified.stdout).toContain('OK: every manifest is signed and chained');
    expect(verified.code).toBe(0);

    const identities = await loadIdentities([join(work, 'keys/backup-identity.txt')]);
    const objects: BackupObject[] = [];
    for await (const object of readBackup(new DirectoryTarget(join(work, 'repo')), id, identities)) objects.push(object);
    const names = objects.map((o) => `${o.kind} ${o.namespace ?? '-'}/${o.name}`);
    for (const expected of [`Namespace -/${ns}`, `Secret ${ns}/db`, `ConfigMap ${ns}/settings`, `ServiceAccount ${ns}/web`, `Role ${ns}/reader`, `RoleBinding ${ns}/web-reader`, `Deployment ${ns}/web`, `PersistentVolumeClaim ${ns}/data`, `Gadget ${ns}/g1`, 'CustomResourceDefinition -/gadgets.backup.example.com']) {
      expect(names).toContain(expected);
    }
    const stored = objects.find((o) => o.kind === 'Secret' && o.name === 'db')!;
    expect(Buffer.from((stored.object.data as { password: string }).password, 'base64').toString()).toBe(PASSWORD);
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    expect(deployment).toMatchObject({ group: 'apps', resource: 'deployments', apiVersion: 'apps/v1' });
    expect(deployment.object.status).toBeUndefined();
    expect((deployment.object.metadata as Record<string, unknown>).managedFields).toBeUndefined();
    expect(objects.find((o) => o.kind === 'Gadget')).toMatchObject({ group: 'backup.example.com', resource: 'gadgets', object: { spec: { size: 7 } } });

    // Second run: nothing changed, so nothing but the index is written; the chain links the two.
    const again = await run(['backup', 'create', '--target', 'repo', '--signing-key', 'keys/backup-signing.key', '--namespace', ns]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain(`(${objects.length} unchanged since ${id})`);
    const listed = await run(['backup', 'list', '--target', 'repo', '--format', 'json']);
    expect(JSON.parse(listed.stdout).map((b: { previous?: string }) => b.previous)).toEqual([undefined, id]);

    const wrongKey = await run(['backup', 'keygen', '--out', 'other']);
    expect(wrongKey.code).toBe(0);
    const denied = await run(['backup', 'verify', '--target', 'repo', '--deep', '--identity', 'other/backup-identity.txt']);
    expect(denied.stderr).toBe('rampart: none of the given identities or passphrases can decrypt this backup repository (wrong key?)\n');
    expect(denied.code).toBe(3);
  });

  it('filters by label and type', async () => {
    const created = await run(['backup', 'create', '--target', 'labelled', '--signing-key', 'keys/backup-signing.key', '--passphrase', '--namespace', ns, '--selector', 'app=web', '--exclude-types', 'namespaces'], { RAMPART_BACKUP_PASSPHRASE: 'a long test passphrase' });
    expect(created.code, created.stderr).toBe(0);
    const objects: BackupObject[] = [];
    for await (const object of readBackup(new DirectoryTarget(join(work, 'labelled')), 'latest', ['a long test passphrase'])) objects.push(object);
    expect(objects.map((o) => `${o.kind}/${o.name}`).sort()).toEqual(['ConfigMap/settings', 'Deployment/web']);
  }, 120_000); // a passphrase repository costs two scrypt runs (create, read)
});
