import { cp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTree, type TempTree } from '../../testing/tree.js';
import { typescriptWorkerScript } from '../../testing/typescript-worker.js';
import { DEFAULT_TEST_SETTINGS } from '../../testing/kubernetes.js';
import { scan } from '../full-scan.js';
import type { ScanOptions } from '../scan.js';
import { scanSecretFiles } from '../secret-sources.js';
import { customSecretRules } from '../../checks/rules/secrets/custom.js';
import { workerExecArgv, workerLaunch, WorkerPool } from './pool.js';
import { fakeCompiler, FAKE_API_VERSION } from '../../checks/policies/testing/fake.js';
import { loadPolicies } from '../../checks/policies/load.js';

// The number of cores the scan sees: which workers it starts depends on it.
const machine = vi.hoisted(() => ({ cores: 2 }));
vi.mock('node:os', async (original) => ({ ...(await original<typeof import('node:os')>()), availableParallelism: () => machine.cores, loadavg: () => [0, 0, 0] }));

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
  // Allowed where it is found: a search on another thread must carry the allowance back with the hit.
  'config/allowed.env': 'REPLICA_URL=postgres://reader:An0therPassw0rd@replica.internal:5432/app # rampart:allow secret/url-credentials test fixture\n',
  'tsconfig.json': '{"compilerOptions": {"strict": true}}\n',
  'bad.json': '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"',
};

let tree: TempTree;
beforeAll(async () => {
  tree = await makeTree(EXTRA);
  await cp(EXAMPLES, join(tree.root, 'examples'), { recursive: true });
});
afterAll(() => tree.cleanup());

const original = { ...workerLaunch };
const workerScript = (code: string) => new URL(`data:text/javascript,${encodeURIComponent(code)}`);
const NO_WORKER = workerScript("throw new Error('no worker today')");
const FAILING_WORKER = workerScript("import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => { throw new Error('no batch today'); }); parentPort.postMessage({ ready: true });");
/** Never done loading, as a worker on a busy machine may not be by the end of a small scan. */
const LOADING_WORKER = workerScript('setInterval(() => undefined, 60_000);');
afterEach(() => {
  Object.assign(workerLaunch, original);
  machine.cores = 2;
  delete process.env['RAMPART_THREADS'];
  vi.restoreAllMocks();
});

async function reportWith(threads: number | undefined, extra: Partial<ScanOptions> = {}): Promise<string> {
  if (threads === undefined) delete process.env['RAMPART_THREADS'];
  else process.env['RAMPART_THREADS'] = String(threads);
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
    ...extra,
  });
  // Everything but the timing; the hits carry what `rampart fix` uses (fix targets).
  return JSON.stringify({ report: { ...report, summary: { ...report.summary, durationMs: 0 } }, targets: [...hits.values()].map((h) => h.fixTarget ?? null) });
}

/** The tree exercises what it is meant to: set rules, secrets, parse errors, suppressions. */
function expectEveryPath(report: string): void {
  const parsed = JSON.parse(report) as { report: { findings: Array<{ ruleId: string }>; errors: unknown[] } };
  const rules = new Set(parsed.report.findings.map((f) => f.ruleId));
  expect([...rules].some((id) => id.startsWith('k8s/rbac') || id.startsWith('k8s/netpol'))).toBe(true);
  expect([...rules].some((id) => id.startsWith('secret/'))).toBe(true);
  expect(parsed.report.errors.length).toBeGreaterThan(0);
  expect(report).not.toContain('allowed.env');
}

const typescript = (name: string) => typescriptWorkerScript(new URL(name, import.meta.url));

/** The tasks the pool was given, each with the sizes of the files it was given. */
function tasksOf(run: { mock: { calls: Array<[string, Array<{ text: string }>]> } }): Array<{ task: string; sizes: number[] }> {
  return run.mock.calls.map(([task, files]) => ({ task, sizes: files.map((file) => file.text.length) }));
}

describe('checking files on worker threads', () => {
  it('gives the report, byte for byte, that checking them in the scanning thread gives', async () => {
    Object.assign(workerLaunch, { fileWorker: typescript('./file-worker.ts'), awaitStart: true, minBytes: 0 });
    const inThread = await reportWith(0);
    const run = vi.spyOn(WorkerPool.prototype, 'run');
    const onWorkers = await reportWith(2);
    expect(new Set(tasksOf(run).map((call) => call.task))).toEqual(new Set(['check']));
    expect(onWorkers).toBe(inThread);
    expectEveryPath(inThread);
  }, 120_000);

  it('on two cores, sends the large files whole and the texts of the rest to be searched, and gives the same report', async () => {
    // Some of the tree's files are over this size, most under it.
    Object.assign(workerLaunch, { fileWorker: typescript('./file-worker.ts'), awaitStart: true, minBytes: 0, wholeBytes: 1500, maxSentBytes: Infinity });
    const inThread = await reportWith(0);
    const run = vi.spyOn(WorkerPool.prototype, 'run');
    const shared = await reportWith(undefined);
    const calls = tasksOf(run);
    expect(calls.filter((call) => call.task === 'check').flatMap((call) => call.sizes).every((size) => size >= 1500)).toBe(true);
    expect(calls.filter((call) => call.task === 'search').flatMap((call) => call.sizes).every((size) => size < 1500)).toBe(true);
    expect(calls.map((call) => call.task)).toContain('check');
    expect(calls.map((call) => call.task)).toContain('search');
    expect(shared).toBe(inThread);
    expectEveryPath(inThread);
  }, 120_000);

  it('checks large files here while the worker is behind with those it was sent', async () => {
    // One byte of budget: once a large file is on its way, the next ones in the batch stay, and are only searched there.
    Object.assign(workerLaunch, { fileWorker: typescript('./file-worker.ts'), awaitStart: true, minBytes: 0, wholeBytes: 1500, maxSentBytes: 1 });
    const inThread = await reportWith(0);
    const run = vi.spyOn(WorkerPool.prototype, 'run');
    const behind = await reportWith(undefined);
    const calls = tasksOf(run);
    expect(calls.filter((call) => call.task === 'check').every((call) => call.sizes.length === 1)).toBe(true);
    expect(calls.filter((call) => call.task === 'search').flatMap((call) => call.sizes).some((size) => size >= 1500)).toBe(true);
    expect(behind).toBe(inThread);
  }, 120_000);

  it('keeps the objects of a scan with users\' policies here, and only searches texts on the worker', async () => {
    const policyTree = await makeTree({ 'policies/team.yaml': `apiVersion: ${FAKE_API_VERSION}\nkind: FakePolicy\nmetadata:\n  name: require-team\nspec:\n  label: team\n  kinds: [Deployment]\n` });
    try {
      const policies = await loadPolicies(['policies'], { cwd: policyTree.root, compilers: [fakeCompiler] });
      Object.assign(workerLaunch, { fileWorker: typescript('./file-worker.ts'), awaitStart: true, minBytes: 0, wholeBytes: 0 });
      const inThread = await reportWith(0, { policies });
      const run = vi.spyOn(WorkerPool.prototype, 'run');
      const searched = await reportWith(undefined, { policies });
      expect(new Set(tasksOf(run).map((call) => call.task))).toEqual(new Set(['search']));
      expect(searched).toBe(inThread);
      expect(searched).toContain('policy/require-team');
    } finally {
      await policyTree.cleanup();
    }
  }, 120_000);

  it('starts file workers for whole files on four idle cores', async () => {
    machine.cores = 4;
    Object.assign(workerLaunch, { fileWorker: typescript('./file-worker.ts'), awaitStart: true, minBytes: 0, wholeBytes: Infinity });
    const run = vi.spyOn(WorkerPool.prototype, 'run');
    expectEveryPath(await reportWith(undefined));
    expect(new Set(tasksOf(run).map((call) => call.task))).toEqual(new Set(['check']));
  }, 120_000);

  it('fails the scan, rather than hanging or dropping files, when a worker cannot run', async () => {
    Object.assign(workerLaunch, { fileWorker: NO_WORKER, awaitStart: true, minBytes: 0 });
    await expect(reportWith(2)).rejects.toThrow(/no worker today|worker exited/);
    await expect(reportWith(undefined)).rejects.toThrow(/no worker today|worker exited/);
    // Started, then failing on the batches it was given.
    Object.assign(workerLaunch, { fileWorker: FAILING_WORKER, awaitStart: true });
    await expect(reportWith(2)).rejects.toThrow(/no batch today|worker exited/);
    await expect(reportWith(undefined)).rejects.toThrow(/no batch today|worker exited/);
  }, 60_000);

  it('checks files here while the worker is still loading, and never waits for it to end', async () => {
    Object.assign(workerLaunch, { fileWorker: NO_WORKER, minBytes: 0 });
    const inThread = await reportWith(0);
    Object.assign(workerLaunch, { fileWorker: LOADING_WORKER, awaitStart: false });
    const run = vi.spyOn(WorkerPool.prototype, 'run');
    expect(await reportWith(undefined)).toBe(inThread);
    expect(await reportWith(2)).toBe(inThread);
    expect(run).not.toHaveBeenCalled();
  }, 60_000);

  it('starts a worker early when large files come: those are what it checks whole', async () => {
    Object.assign(workerLaunch, { fileWorker: typescript('./file-worker.ts'), awaitStart: true, minBytes: Infinity, minLargeBytes: 1500, wholeBytes: 1500 });
    const run = vi.spyOn(WorkerPool.prototype, 'run');
    expectEveryPath(await reportWith(undefined));
    expect(tasksOf(run).map((call) => call.task)).toContain('check');
    run.mockClear();
    // Large files never add up to the threshold: no worker.
    Object.assign(workerLaunch, { minLargeBytes: Infinity });
    expectEveryPath(await reportWith(undefined));
    expect(run).not.toHaveBeenCalled();
  }, 120_000);

  it('starts no worker for small scans, with RAMPART_THREADS=0, or with detectors of the config', async () => {
    const run = vi.spyOn(WorkerPool.prototype, 'run');
    const small = JSON.parse(await reportWith(undefined)) as { report: { summary: { resources: number } } };
    expect(small.report.summary.resources).toBeGreaterThan(10);
    Object.assign(workerLaunch, { fileWorker: NO_WORKER, minBytes: 0 });
    expectEveryPath(await reportWith(0));
    // Custom detectors are compiled here and cannot be sent: the search stays in this thread, and finds with them.
    const customSecrets = customSecretRules([{ id: 'db-url', keywords: ['postgres'], regex: 'postgres://[^\\s]+' }]);
    const custom = JSON.parse(await reportWith(undefined, { customSecrets })) as { report: { findings: Array<{ ruleId: string }> } };
    expect(custom.report.findings.map((f) => f.ruleId)).toContain('secret/db-url');
    expect(run).not.toHaveBeenCalled();
  }, 60_000);

  it('keeps a scan for secrets alone in one thread: reading is most of what is left here', async () => {
    Object.assign(workerLaunch, { fileWorker: NO_WORKER, minBytes: 0 });
    const run = vi.spyOn(WorkerPool.prototype, 'run');
    const { report } = await scanSecretFiles({ paths: [tree.root], cwd: tree.root, exclude: [], rules: {}, exemptions: [], settings: DEFAULT_TEST_SETTINGS, ignoreEntries: [], strict: false });
    expect(report.findings.some((f) => f.ruleId.startsWith('secret/'))).toBe(true);
    expect(run).not.toHaveBeenCalled();
  }, 60_000);
});

describe('the options a worker inherits', () => {
  it('are the parent\'s but --input-type, which a worker refuses (`node --input-type=module -e` running a scan)', () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'scan()', '--max-old-space-size=4096'])).toEqual(['-e', 'scan()', '--max-old-space-size=4096']);
    expect(workerExecArgv(['--max-old-space-size=4096'])).toEqual(['--max-old-space-size=4096']);
  });
});
