import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { describeKube, uniqueNamespace, type KubeEnv } from './helpers/kube-env.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-audit-cli-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const audit = (args: string[]) => runCli(['admission', 'audit', ...args], { cwd: dir });

describe('rampart admission audit: usage', () => {
  it.each([
    [['--format', 'sarif'], '--format must be table or json'],
    [['extra'], 'admission audit takes no arguments'],
  ])('rejects %j', async (args, message) => {
    const run = await audit(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('reports an unusable kubeconfig and exits 3', async () => {
    const run = await audit(['--kubeconfig', 'missing.kubeconfig']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('cannot read kubeconfig');
  });
});

describeKube('rampart admission audit: table output', (env: KubeEnv) => {
  const namespace = uniqueNamespace('audit-table');
  afterAll(async () => {
    await env.kubectl(['delete', 'namespace', namespace, '--ignore-not-found', '--wait=false']);
  });

  it('lists each finding with the outcome admission would give it, and exits 1 when one would be denied', async () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace },
        spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27', securityContext: { privileged: true } }] } } },
      },
    ];
    const setup = await env.kubectl(['apply', '-f', '-'], { input: objects.map((o) => JSON.stringify(o)).join('\n') });
    expect(setup.code, setup.stderr).toBe(0);
    // The same config drives scan and audit: a rule turned off in rampart.yaml is off in the audit too.
    await writeFile(join(dir, 'rampart.yaml'), 'rules:\n  k8s/liveness-probe-missing: off\n');
    const run = await audit(['--namespace', namespace, '--kubeconfig', env.kubeconfig]);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^RESULT\s+SEVERITY\s+RULE\s+RESOURCE\s+MESSAGE$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^fail\\s+critical\\s+k8s/pss-privileged\\s+${namespace}/Deployment/web\\s+container "app" runs privileged$`)));
    expect(lines).toContainEqual(expect.stringMatching(/^warn\s+low\s+k8s\/readiness-probe-missing\s/));
    expect(run.stdout).not.toContain('k8s/liveness-probe-missing');
    expect(run.stdout).toMatch(/1 object audited: \d+ would be denied, \d+ warned, 0 waived\n$/);
    expect(run.stderr).toBe('');
  });
});
