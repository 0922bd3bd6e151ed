import { cp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTree, type TempTree } from '../../testing/tree.js';
import { typescriptWorkerScript } from '../../testing/typescript-worker.js';
import { DEFAULT_TEST_SETTINGS } from '../../testing/kubernetes.js';
import { scan } from '../full-scan.js';
import { fileWorkerLaunch, FileWorkerPool } from './pool.js';

const EXAMPLES = resolve(import.meta.dirname, '../../../examples');

// Besides the examples (workloads, RBAC, NetworkPolicies, mesh, Dockerfiles): what takes other paths through the checks.
const EXTRA: Record<string, string> = {
  'multi.yaml':
    '# header comment\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n---\n\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: everything\nrules:\n- apiGroups: ["*"]\n  resources: ["*"]\n  verbs: ["*"]\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: everything\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: everything}\nsubjects:\n- kind: ServiceAccount\n  name: a\n  namespace: default\n',
  'list.yaml':
    'apiVersion: v1\nkind: PodList\nitems:\n- metadata:\n    name: p\n  spec:\n    containers:\n    - name: c\n      image: nginx\n      securityContext:\n        privileged: true  # rampart:ignore k8s/pss-privileged tested elsewhere\n',
  'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  a: [1, 2\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: after-broken\nspec:\n  containers:\n  - name: c\n    image: busybox\n',
  'aliases.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: anchored\n  labels: &labels {app: anchored}\nspec:\n  selector:\n    matchLabels: *labels\n  template:\n    metadata:\n      labels: *labels\n    spec:\n      hostNetwork: true\n      containers:\n      - name: c\n        image: registry.example/app:1\n',
  'config/app.env': 'DATABASE_URL=postgres://admin:s3cr3tPassw0rd@db.internal:5432/app\n',
  'tsconfig.json': '{"compilerOptions": {"strict": true}}\n',
  'bad.json': '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"',
};

let tree: TempTree;
beforeAll(async () => {
  tree = await makeTree(EXTRA);
  await cp(EXAMPLES, join(tree.root, 'examples'), { recursive: true });
});
afterAll(() => tree.cleanup());

const original = { ...fileWorkerLaunch };
afterEach(() => {
  Object.assign(fileWorkerLaunch, original);
  delete process.env['RAMPART_THREADS'];
  vi.restoreAllMocks();
});

async function reportWith(threads: number): Promise<string> {
  process.env['RAMPART_THREADS'] = String(threads);
  const { report, hits } = await scan({
    paths: [tree.root],
    cwd: tree.root,
    exclude: [],
    settings: DEFAULT_TEST_SETTINGS,
    rules: {},
    exemptions: [],
    ignoreEntries: [],
    strict: false,
    secrets: true,
  });
  // Everything but the timing; the hits carry what `rampart fix` uses (fix targets).
  return JSON.stringify({ report: { ...report, summary: { ...report.summary, durationMs: 0 } }, targets: [...hits.values()].map((h) => h.fixTarget ?? null) });
}

describe('checking files on worker threads', () => {
  it('gives the report, byte for byte, that checking them in the scanning thread gives', async () => {
    Object.assign(fileWorkerLaunch, { script: typescriptWorkerScript(new URL('./file-worker.ts', import.meta.url)), minBytes: 0 });
    const inThread = await reportWith(0);
    const run = vi.spyOn(FileWorkerPool.prototype, 'run');
    const onWorkers = await reportWith(2);
    expect(run).toHaveBeenCalled();
    expect(onWorkers).toBe(inThread);
    // The tree exercises what it is meant to: set rules, secrets, parse errors, suppressions.
    const parsed = JSON.parse(inThread) as { report: { findings: Array<{ ruleId: string; location: { file: string } }>; errors: unknown[] } };
    const rules = new Set(parsed.report.findings.map((f) => f.ruleId));
    expect([...rules].some((id) => id.startsWith('k8s/rbac') || id.startsWith('k8s/netpol'))).toBe(true);
    expect([...rules].some((id) => id.startsWith('secret/'))).toBe(true);
    expect(parsed.report.errors.length).toBeGreaterThan(0);
  }, 120_000);

  it('fails the scan, rather than hanging or dropping files, when a worker cannot run', async () => {
    Object.assign(fileWorkerLaunch, { script: new URL(`data:text/javascript,${encodeURIComponent("throw new Error('no worker today')")}`), minBytes: 0 });
    await expect(reportWith(2)).rejects.toThrow(/no worker today|file worker/);
  }, 60_000);

  it('keeps small scans in the scanning thread', async () => {
    const run = vi.spyOn(FileWorkerPool.prototype, 'run');
    const report = JSON.parse(await reportWith(2)) as { report: { summary: { resources: number } } };
    expect(run).not.toHaveBeenCalled();
    expect(report.report.summary.resources).toBeGreaterThan(10);
  });
});
