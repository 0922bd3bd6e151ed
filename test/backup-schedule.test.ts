import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { scheduleSubcommand } from '../src/cli/backup-schedule.js';
import type { CliIo } from '../src/cli/io.js';
import { UsageError } from '../src/cli/errors.js';
import { makeTree, type TempTree } from '../src/testing/tree.js';
import { scanJson } from './helpers/cli.js';

const IMAGE = `ghcr.io/rampart-dev/rampart:0.1.0@sha256:${'ab'.repeat(32)}`;

async function render(args: Record<string, string | string[] | boolean>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { cwd, env: {}, isTTY: false, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, readStdin: async () => '' };
  const code = await scheduleSubcommand.run({ image: IMAGE, ...args }, [], io);
  return { code, stdout, stderr };
}

type Doc = Record<string, any>;

describe('backup schedule', () => {
  let tree: TempTree | undefined;
  afterEach(async () => {
    await tree?.cleanup();
    tree = undefined;
  });

  it('renders a CronJob that rampart scan passes with zero findings', async () => {
    tree = await makeTree({});
    const run = await render({ target: 's3://dr-backups/prod', 's3-endpoint': 'https://minio.example:9000', 'object-lock-mode': 'compliance', 'retain-days': '30', resource: ['widgets.example.com'], output: 'schedule.yaml', namespace: ['shop'] }, tree.root);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('rampart-backup-signing-key');
    const scan = await scanJson([join(tree.root, 'schedule.yaml')], { cwd: tree.root });
    expect(scan.report.errors).toEqual([]);
    expect(scan.report.findings.filter((f) => !f.suppressed)).toEqual([]);
    expect(scan.code).toBe(0);
    expect(scan.report.summary.resources).toBe(7);
    // The one accepted risk is reading Secrets, and it says why.
    expect(scan.report.findings.map((f) => [f.ruleId, f.suppressed?.reason])).toEqual([
      ['k8s/rbac-secrets-read', 'the backup job reads Secrets only to encrypt them client-side (age) before they leave the cluster'],
    ]);

    const docs = parseAllDocuments(await readFile(join(tree.root, 'schedule.yaml'), 'utf8')).map((d) => d.toJSON() as Doc);
    const role = docs.find((d) => d.kind === 'ClusterRole')!;
    const rules = role.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
    expect(new Set(rules.flatMap((r) => r.verbs))).toEqual(new Set(['get', 'list']));
    expect(rules.flatMap((r) => r.resources).some((r) => r.includes('*') || r.includes('/'))).toBe(false);
    expect(rules.flatMap((r) => r.apiGroups).includes('*')).toBe(false);
    expect(rules.find((r) => r.apiGroups[0] === 'example.com')?.resources).toEqual(['widgets']);
    const job = docs.find((d) => d.kind === 'CronJob')!;
    const pod = job.spec.jobTemplate.spec.template.spec;
    const container = pod.containers[0];
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.args.slice(0, -1)).toEqual(['backup', 'create', '--target', 's3://dr-backups/prod', '--signing-key', '/etc/rampart/backup-key/backup-signing.key', '--s3-endpoint', 'https://minio.example:9000', '--namespace', 'shop', '--object-lock-mode', 'COMPLIANCE', '--retain-days', '30', '--include-types']);
    // The job reads exactly what it may read: a type it is not granted would make every run incomplete.
    const granted = rules.flatMap((r) => r.resources.map((res) => (r.apiGroups[0] ? `${res}.${r.apiGroups[0]}` : res)));
    expect(container.args.at(-1).split(',')).toEqual(granted);
    expect(granted).toEqual(expect.arrayContaining(['secrets', 'deployments.apps', 'customresourcedefinitions.apiextensions.k8s.io', 'widgets.example.com']));
    expect(JSON.stringify(container.env)).not.toContain('secretKeyRef');
    const egress = docs.find((d) => d.kind === 'NetworkPolicy' && d.metadata.name === 'rampart-backup')!.spec.egress;
    expect(egress[1].ports.map((p: { port: number }) => p.port)).toEqual([443, 6443, 9000]);
  });

  it('refuses a directory target, a bad schedule and a bad resource', async () => {
    tree = await makeTree({});
    await expect(render({ target: '/var/backups' }, tree.root)).rejects.toThrow(UsageError);
    await expect(render({ target: 's3://b-1/p', schedule: '* * *' }, tree.root)).rejects.toThrow(/five cron fields/);
    await expect(render({ target: 's3://b-1/p', schedule: '0 2 * * *; rm -rf /' }, tree.root)).rejects.toThrow(/five cron fields/);
    await expect(render({ target: 's3://b-1/p', resource: ['pods/exec'] }, tree.root)).rejects.toThrow(/PLURAL.GROUP/);
    await expect(render({ target: 's3://b-1/p', 'install-namespace': 'Not_A_Label' }, tree.root)).rejects.toThrow(/DNS label/);
    await expect(render({ target: 's3://b-1/p', 'object-lock-mode': 'COMPLIANCE' }, tree.root)).rejects.toThrow(/go together/);
  });
});
