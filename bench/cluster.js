// `rampart scan --cluster` end to end over 10,000 objects in a real kube-apiserver (test/helpers/kube-env.ts,
// built by `npm run testenv:setup`). Target: under 15 s. Run `npm run build` first, then `node bench/cluster.js`.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NAMESPACES = 20;
const PER_NAMESPACE = { Deployment: 100, ConfigMap: 150, Service: 100, ServiceAccount: 100, Secret: 25, RoleBinding: 24 };
const SEED_PARALLELISM = 8;

// The harness is TypeScript; vite (vitest's own) loads it without a build step.
const { module: kube } = await runnerImport(join(REPO, 'test/helpers/kube-env.ts'));

function objectsOf(ns) {
  const docs = [`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}}`];
  for (let i = 0; i < PER_NAMESPACE.Deployment; i++) {
    docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-${i}, namespace: ${ns}}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web-${i}}}\n  template:\n    metadata: {labels: {app: web-${i}}}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/web:${i}\n          ports: [{containerPort: 8080}]\n          env: [{name: MODE, value: production}]\n          resources: {requests: {cpu: 10m, memory: 32Mi}}\n          securityContext: {privileged: ${i % 10 === 0}}`);
  }
  for (let i = 0; i < PER_NAMESPACE.ConfigMap; i++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg-${i}, namespace: ${ns}}\ndata: {LOG_LEVEL: info, FEATURE_${i}: "on", settings.json: '{"retries": 3, "timeout": "30s"}'}`);
  for (let i = 0; i < PER_NAMESPACE.Service; i++) docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}, namespace: ${ns}}\nspec:\n  selector: {app: web-${i}}\n  clusterIP: None\n  ports: [{port: 80, targetPort: 8080}]`);
  for (let i = 0; i < PER_NAMESPACE.ServiceAccount; i++) docs.push(`apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa-${i}, namespace: ${ns}}`);
  for (let i = 0; i < PER_NAMESPACE.Secret; i++) docs.push(`apiVersion: v1\nkind: Secret\nmetadata: {name: secret-${i}, namespace: ${ns}}\nstringData: {token: value-${i}}`);
  for (let i = 0; i < PER_NAMESPACE.RoleBinding; i++) docs.push(`apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: rb-${i}, namespace: ${ns}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${i % 3 === 0 ? 'admin' : 'view'}}\nsubjects: [{kind: ServiceAccount, name: sa-${i}, namespace: ${ns}}]`);
  return docs;
}

function runRampart(kubeconfig) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/rampart.js'), 'scan', '--cluster', '--format', 'json', '--fail-on', 'never'], {
      env: { ...process.env, KUBECONFIG: kubeconfig },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, report: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
  });
}

const env = await kube.startKubeEnv();
const work = await mkdtemp(join(tmpdir(), 'rampart-bench-cluster-'));
try {
  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `bench-${i}`);
  const seedStart = performance.now();
  let seeded = 0;
  for (let i = 0; i < namespaces.length; i += SEED_PARALLELISM) {
    await Promise.all(namespaces.slice(i, i + SEED_PARALLELISM).map(async (ns) => {
      const docs = objectsOf(ns);
      const file = join(work, `${ns}.yaml`);
      await writeFile(file, docs.join('\n---\n'));
      const result = await env.kubectl(['apply', '--server-side', '-f', file]);
      if (result.code !== 0) throw new Error(`seeding ${ns} failed: ${result.stderr}`);
      seeded += docs.length;
    }));
  }
  console.log(`seeded ${seeded} objects in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  const start = performance.now();
  const { code, report } = await runRampart(env.kubeconfig);
  const seconds = (performance.now() - start) / 1000;
  const errors = report.errors.filter((e) => e.level !== 'warning');
  console.log(`scan --cluster: ${seconds.toFixed(2)} s end to end (exit ${code}), ${report.summary.resources} objects checked, ${report.findings.length} findings, ${errors.length} errors (target < 15 s)`);
  if (errors.length > 0) console.log(errors.slice(0, 5));
  process.exitCode = seconds < 15 && errors.length === 0 ? 0 : 1;
} finally {
  await env.stop();
  await rm(work, { recursive: true, force: true });
}
