import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { generateKeys, loadIdentities } from '../src/services/backup/keys.js';
import { readBackup } from '../src/services/backup/read.js';
import { openTarget } from '../src/services/backup/targets/target.js';
import { runCli } from './helpers/cli.js';
import { findKubeBinaries, startKubeEnv, type KubeEnv } from './helpers/kube-env.js';

/**
 * The RBAC `backup schedule` renders, applied to a real API server: its ServiceAccount can read what the backup needs
 * and write nothing, and the CronJob's own `backup create` command, run with that account's token, makes a complete
 * backup (no list refused) that includes the custom resources named with --resource.
 */
const missing = findKubeBinaries();
if (typeof missing === 'string' && process.env.RAMPART_REQUIRE_TESTENV === '1') throw new Error(missing);

const IMAGE = `ghcr.io/rampart-dev/rampart:0.1.0@sha256:${'cd'.repeat(32)}`;
const SA = 'system:serviceaccount:rampart-backup:rampart-backup';
const WORKLOAD = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}}]
---
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: shop}
stringData: {password: backup-me}
`;

describe.skipIf(typeof missing === 'string')('backup schedule RBAC on a real API server', () => {
  let env: KubeEnv;
  let work: string;
  let args: string[];

  beforeAll(async () => {
    env = await startKubeEnv();
    work = await mkdtemp(join(tmpdir(), 'rampart-schedule-'));
    const render = await runCli(['backup', 'schedule', '--target', 's3://dr-backups/prod', '--image', IMAGE, '--keep-tag', '--resource', 'widgets.example.com', '-o', 'schedule.yaml'], { cwd: work });
    expect(render.code, render.stderr).toBe(0);
    const yaml = await readFile(join(work, 'schedule.yaml'), 'utf8');
    const applied = await env.kubectl(['apply', '--server-side', '-f', '-'], { input: yaml });
    expect(applied.code, applied.stderr).toBe(0);
    const job = parseAllDocuments(yaml).map((doc) => doc.toJSON() as Record<string, any>).find((doc) => doc.kind === 'CronJob')!;
    args = job.spec.jobTemplate.spec.template.spec.containers[0].args as string[];
    const workload = await env.kubectl(['apply', '--server-side', '-f', '-'], { input: WORKLOAD });
    expect(workload.code, workload.stderr).toBe(0);
    expect((await env.kubectl(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=60s'])).code).toBe(0);
    const widget = await env.kubectl(['apply', '--server-side', '-f', '-'], { input: 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: big, namespace: shop}\nspec: {size: 3}\n' });
    expect(widget.code, widget.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await env?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('reads, never writes', async () => {
    const can = async (...query: string[]) => (await env.kubectl(['auth', 'can-i', ...query, `--as=${SA}`])).stdout.trim();
    expect(await can('list', 'secrets', '-A')).toBe('yes');
    expect(await can('get', 'widgets.example.com', '-n', 'shop')).toBe('yes');
    expect(await can('list', 'customresourcedefinitions')).toBe('yes');
    for (const verb of ['create', 'update', 'patch', 'delete', 'deletecollection', 'watch']) {
      expect(await can(verb, 'configmaps', '-n', 'shop'), verb).toBe('no');
      expect(await can(verb, 'deployments.apps', '-n', 'shop'), verb).toBe('no');
    }
    // Subresources are not granted: kubectl would read `pods/exec` as the pod named exec, hence --subresource.
    expect(await can('get', 'pods', '--subresource=log', '-n', 'shop')).toBe('no');
    expect(await can('create', 'pods', '--subresource=exec', '-n', 'shop')).toBe('no');
    expect(await can('get', 'pods', '--subresource=exec', '-n', 'shop')).toBe('no');
    expect(await can('get', 'nodes', '--subresource=proxy')).toBe('no');
    expect(await can('create', 'serviceaccounts', '--subresource=token', '-n', 'shop')).toBe('no');
    expect(await can('impersonate', 'users')).toBe('no');
  });

  it('the CronJob\'s own command, with the job\'s token, makes a complete backup', async () => {
    const token = await env.kubectl(['-n', 'rampart-backup', 'create', 'token', 'rampart-backup', '--duration=10m']);
    expect(token.code, token.stderr).toBe(0);
    const kubeconfig = join(work, 'job.kubeconfig');
    await writeFile(kubeconfig, JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'job',
      clusters: [{ name: 'c', cluster: { server: env.server, 'certificate-authority': env.caFile } }],
      users: [{ name: 'job', user: { token: token.stdout.trim() } }],
      contexts: [{ name: 'job', context: { cluster: 'c', user: 'job' } }],
    }), { mode: 0o600 });
    const keys = await generateKeys(work);
    // As in the pod, except the repository is a local directory and the key a local file.
    const local = args.map((arg, i) => (args[i - 1] === '--target' ? join(work, 'repo') : args[i - 1] === '--signing-key' ? keys.signingKeyFile : arg));
    expect(local.slice(0, 2)).toEqual(['backup', 'create']);
    const run = await runCli([...local, '--recipient', keys.recipient, '--kubeconfig', kubeconfig], { cwd: work });
    expect(run.stderr).not.toContain('warning');
    expect(run.code, run.stderr).toBe(0);
    const objects = [];
    for await (const object of readBackup(await openTarget(join(work, 'repo')), 'latest', await loadIdentities([keys.identityFile]))) objects.push(object);
    const names = objects.map((o) => `${o.kind} ${o.namespace ?? ''}/${o.name}`);
    expect(names).toEqual(expect.arrayContaining(['Secret shop/db', 'Widget shop/big', 'CustomResourceDefinition /widgets.example.com', 'ClusterRole /rampart-backup', 'CronJob rampart-backup/rampart-backup']));
  }, 60_000);
});
