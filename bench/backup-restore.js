// `rampart backup restore` (src/services/backup/restore/): BENCH_OBJECTS objects (Deployments, ConfigMaps, Secrets
// of realistic sizes in 20 namespaces, with a namespace mapping) are planned (select, map, sanitize, order) and
// restored, (a) into an in-memory API that answers at once, which measures the restore's own cost, and (b) with
// BENCH_KUBECONFIG, into a real (throwaway!) cluster, which measures the end-to-end rate. Wall clock on this machine.
//
//   RAMPART_DIST=/tmp/x-dist node bench/backup-restore.js    DIST: a build of src/ (default dist/), e.g. from
//                                                           npx tsc -p tsconfig.build.json --outDir /tmp/x-dist
//   BENCH_OBJECTS=10000                                     objects restored
//   BENCH_KUBECONFIG=/path/kubeconfig                       also restore into this cluster (it writes namespaces bench-*)
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployment } from './support.js';

const DIST = path.resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const load = (module) => import(pathToFileURL(path.join(DIST, module)).href);
const { planRestore } = await load('services/backup/restore/plan.js');
const { restoreObjects } = await load('services/backup/restore/restore.js');
const { ApiError } = await load('sources/cluster/errors.js');

const COUNT = Number(process.env.BENCH_OBJECTS ?? 10_000);
const NAMESPACES = 20;

function backupObjects(count, prefix) {
  const objects = [];
  for (let n = 0; n < NAMESPACES; n++) {
    const namespace = `${prefix}-${n}`;
    objects.push({ apiVersion: 'v1', kind: 'Namespace', group: '', resource: 'namespaces', name: namespace, object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } } });
  }
  for (let i = 0; objects.length < count; i++) {
    const namespace = `${prefix}-${i % NAMESPACES}`;
    const name = `obj-${i}`;
    const meta = { name, namespace, labels: { app: name, tier: 'web' }, uid: randomUUID(), resourceVersion: String(i) };
    const kind = i % 3;
    if (kind === 0) {
      const object = deployment(name);
      object.metadata = meta;
      objects.push({ apiVersion: 'apps/v1', kind: 'Deployment', group: 'apps', resource: 'deployments', namespace, name, object });
    } else if (kind === 1) {
      objects.push({ apiVersion: 'v1', kind: 'ConfigMap', group: '', resource: 'configmaps', namespace, name, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta, data: { 'app.properties': randomBytes(600).toString('base64') } } });
    } else {
      objects.push({ apiVersion: 'v1', kind: 'Secret', group: '', resource: 'secrets', namespace, name, object: { apiVersion: 'v1', kind: 'Secret', metadata: meta, type: 'Opaque', data: { password: randomBytes(32).toString('base64') } } });
    }
  }
  return objects;
}

/** Discovery for the three types, 404 for every GET of an object, and a created object (with a uid) for every POST. */
function instantApi() {
  const resources = { '/api/v1': [['namespaces', 'Namespace', false], ['configmaps', 'ConfigMap', true], ['secrets', 'Secret', true]], '/apis/apps/v1': [['deployments', 'Deployment', true]] };
  return {
    async getJson(p) {
      if (p === '/api') return { versions: ['v1'] };
      if (p === '/apis') return { groups: [{ name: 'apps', versions: [{ version: 'v1' }], preferredVersion: { version: 'v1' } }] };
      if (resources[p]) return { resources: resources[p].map(([name, kind, namespaced]) => ({ name, kind, namespaced, verbs: ['create', 'get', 'list'] })) };
      if (p.endsWith('/storageclasses') || p.startsWith('/apis/admissionregistration.k8s.io/')) return { items: [] };
      throw new ApiError(404, 'NotFound', `${p} not found`);
    },
    async requestJson(request) {
      if (request.method === 'GET') return this.getJson(request.path, request.query);
      const body = JSON.parse(request.body);
      return { ...body, metadata: { ...body.metadata, uid: randomUUID() } };
    },
  };
}

const options = (prefix, to) => ({
  filter: { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } },
  mappings: { namespaces: new Map(Array.from({ length: NAMESPACES }, (_, n) => [`${prefix}-${n}`, `${to}-${n}`])), storageClasses: new Map() },
  existing: 'skip',
  dryRun: false,
});

const seconds = (start) => ((performance.now() - start) / 1000).toFixed(2);
console.log(`backup restore bench: ${COUNT} objects, node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

const objects = backupObjects(COUNT, 'src');
let start = performance.now();
const plan = planRestore(objects, options('src', 'dst').filter, options('src', 'dst').mappings);
console.log(`plan (select, map, sanitize, order) ${plan.objects.length} objects: ${seconds(start)} s`);
start = performance.now();
const instant = await restoreObjects(instantApi(), objects, options('src', 'dst'));
console.log(`restore into an instant in-memory API: ${seconds(start)} s (${instant.totals.create} created)`);

if (process.env.BENCH_KUBECONFIG) {
  const { connectWriter } = await load('services/admission/install/connect.js');
  const client = await connectWriter({ kubeconfig: process.env.BENCH_KUBECONFIG, env: {} });
  const prefix = `bench-${Date.now().toString(36)}`;
  start = performance.now();
  const real = await restoreObjects(client, objects, options('src', prefix));
  const elapsed = (performance.now() - start) / 1000;
  console.log(`restore into the cluster: ${elapsed.toFixed(2)} s, ${(COUNT / elapsed).toFixed(0)} objects/s (${JSON.stringify(real.totals)})`);
  start = performance.now();
  const again = await restoreObjects(client, objects, options('src', prefix));
  console.log(`the same restore again (every object exists and is unchanged): ${seconds(start)} s (${again.totals.unchanged} unchanged)`);
}
