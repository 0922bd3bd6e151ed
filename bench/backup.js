// `rampart backup` (src/services/backup/): (a) a full backup of 10,000 objects (Deployments, ConfigMaps, Secrets of
// realistic sizes) read from a synthetic API server (discovery + paged lists of 500, as readCluster reads a real
// one) into a directory repository; (b) an incremental backup after 1% of the objects changed; (c) verify (keyless:
// signatures, chain, SHA-256 of every pack) of a repository holding BENCH_VERIFY_MB of backups, written as large
// ConfigMaps, plus a --deep verify of the 10,000-object repository. Times are wall clock on this machine.
//
//   RAMPART_DIST=/tmp/x-dist node bench/backup.js   DIST: a build of src/ (default dist/), e.g. from
//                                                  npx tsc -p tsconfig.build.json --outDir /tmp/x-dist
//   BENCH_OBJECTS=10000                            objects in the full backup
//   BENCH_VERIFY_MB=1024                           size of the repository verified in (c)
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployment } from './support.js';

const DIST = path.resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const load = (module) => import(pathToFileURL(path.join(DIST, module)).href);
const { createBackup } = await load('services/backup/create.js');
const { verifyRepository } = await load('services/backup/verify.js');
const { signingKeyFromPem } = await load('services/backup/keys.js');
const { DirectoryTarget } = await load('services/backup/targets/directory.js');
const { generateX25519Identity, identityToRecipient } = await import('age-encryption');

const COUNT = Number(process.env.BENCH_OBJECTS ?? 10_000);
const VERIFY_MB = Number(process.env.BENCH_VERIFY_MB ?? 1024);

/** Discovery and paged lists over in-memory objects, answering as the API server does. */
function syntheticCluster(types) {
  const byPath = new Map(types.map((t) => [`${t.group ? `/apis/${t.group}/v1` : '/api/v1'}/${t.resource}`, t]));
  const groups = [...new Set(types.filter((t) => t.group).map((t) => t.group))];
  return {
    async getJson(p, query = {}) {
      if (p === '/apis') return { groups: groups.map((g) => ({ name: g, preferredVersion: { groupVersion: `${g}/v1` } })) };
      if (p === '/api/v1' || p.match(/^\/apis\/[^/]+\/v1$/)) {
        const group = p === '/api/v1' ? '' : p.split('/')[2];
        return { resources: types.filter((t) => t.group === group).map((t) => ({ name: t.resource, kind: t.kind, namespaced: true, verbs: ['list'] })) };
      }
      const type = byPath.get(p);
      if (!type) throw Object.assign(new Error('not found'), { status: 404 });
      const start = Number(query.continue ?? 0);
      const limit = Number(query.limit ?? 500);
      const items = type.objects.slice(start, start + limit).map((o) => structuredClone(o));
      return { items, metadata: { continue: start + limit < type.objects.length ? String(start + limit) : '' } };
    },
  };
}

function clusterObjects(count) {
  const deployments = [];
  const configmaps = [];
  const secrets = [];
  for (let i = 0; i < count; i++) {
    const meta = { namespace: `ns-${i % 50}`, uid: `uid-${i}`, resourceVersion: String(i), managedFields: [{ manager: 'kubectl' }] };
    if (i % 3 === 0) {
      const { apiVersion: _a, kind: _k, ...d } = deployment(i % 2 === 0, i);
      deployments.push({ ...d, metadata: { ...d.metadata, ...meta }, status: { replicas: 1 } });
    } else if (i % 3 === 1) configmaps.push({ metadata: { ...meta, name: `cm-${i}` }, data: { 'app.properties': `key=${i}\n`.repeat(40) } });
    else secrets.push({ metadata: { ...meta, name: `secret-${i}` }, type: 'Opaque', data: { password: randomBytes(32).toString('base64'), cert: randomBytes(900).toString('base64') } });
  }
  return [
    { group: 'apps', resource: 'deployments', kind: 'Deployment', objects: deployments },
    { group: '', resource: 'configmaps', kind: 'ConfigMap', objects: configmaps },
    { group: '', resource: 'secrets', kind: 'Secret', objects: secrets },
  ];
}

const { privateKey } = generateKeyPairSync('ed25519');
const signing = signingKeyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }), 'bench');
const identity = await generateX25519Identity();
const owners = [{ type: 'x25519', recipient: await identityToRecipient(identity) }];
const selection = { namespaces: [], excludeNamespaces: [], types: { include: [], exclude: [] } };
const seconds = (start) => ((performance.now() - start) / 1000).toFixed(2);
const dirs = [];
const tempDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-bench-backup-'));
  dirs.push(dir);
  return dir;
};

try {
  const types = clusterObjects(COUNT);
  const target = new DirectoryTarget(await tempDir());
  const client = syntheticCluster(types);
  let start = performance.now();
  const full = await createBackup({ target, signing, owners, client, cluster: 'cluster://bench', selection });
  console.log(`full backup: ${full.objectCount} objects, ${full.packsWritten} packs, ${(full.bytesWritten / 1e6).toFixed(1)} MB in ${seconds(start)} s`);

  for (const type of types) {
    type.objects.forEach((o, i) => {
      if (i % 100 === 0) o.metadata = { ...o.metadata, labels: { ...o.metadata.labels, changed: 'yes' } };
    });
  }
  start = performance.now();
  const incremental = await createBackup({ target, signing, client, cluster: 'cluster://bench', selection });
  console.log(`incremental backup (${incremental.objectCount - incremental.reused} of ${incremental.objectCount} changed): ${incremental.packsWritten} packs, ${(incremental.bytesWritten / 1e6).toFixed(2)} MB in ${seconds(start)} s`);

  start = performance.now();
  const deep = await verifyRepository(target, { deep: true, identities: [identity] });
  console.log(`verify --deep of that repository: ${deep.backups} backups, ${deep.packs} packs, ${deep.findings.length} findings in ${seconds(start)} s`);

  // (c) A repository of VERIFY_MB: ConfigMaps of ~1 MB of random text, in backups of 64 objects.
  const big = new DirectoryTarget(await tempDir());
  const perBackup = 64;
  const backups = Math.max(1, Math.round(VERIFY_MB / perBackup));
  start = performance.now();
  for (let b = 0; b < backups; b++) {
    const objects = Array.from({ length: perBackup }, (_, i) => ({ metadata: { namespace: 'big', name: `blob-${b}-${i}` }, data: { blob: randomBytes(750_000).toString('base64') } }));
    await createBackup({ target: big, signing, owners, client: syntheticCluster([{ group: '', resource: 'configmaps', kind: 'ConfigMap', objects }]), cluster: 'cluster://bench', selection });
  }
  console.log(`(wrote ${backups} backups for the verify run in ${seconds(start)} s)`);
  start = performance.now();
  const verified = await verifyRepository(big);
  const elapsed = (performance.now() - start) / 1000;
  console.log(`verify: ${verified.backups} backups, ${verified.packs} packs, ${(verified.bytes / 1e6).toFixed(0)} MB, ${verified.findings.length} findings in ${elapsed.toFixed(2)} s (${(verified.bytes / 1e6 / elapsed).toFixed(0)} MB/s)`);
  console.log(`load average: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
