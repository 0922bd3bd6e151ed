// `rampart encryption verify` over 100,000 Secrets: a real etcd (Debian's) started in a temp dir, filled with Secrets as
// an API server stores them (most aescbc on the current key, some on the old key, some plaintext protobuf, values of
// 300 to 1,500 bytes), then read and classified through the library exactly as the CLI does, from the live etcd and
// from a snapshot of it (the Maintenance API's stream, the same bbolt file `etcdctl snapshot save` writes).
//
//   RAMPART_DIST=/tmp/x-dist node bench/encryption-verify.js   DIST: a build of src/ (default dist/), e.g. from
//                                                             npx tsc -p tsconfig.build.json --outDir /tmp/x-dist
//   BENCH_SECRETS=100000                                       Secrets written
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { Etcd3 } from 'etcd3';

const DIST = path.resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const load = (module) => import(pathToFileURL(path.join(DIST, module)).href);
const { openEtcd } = await load('sources/etcd/client.js');
const { openSnapshot } = await load('sources/etcd/snapshot.js');
const { verifyStore } = await load('services/encryption/verify.js');
const { loadConfigFile } = await load('services/encryption/config-file.js');

const COUNT = Number(process.env.BENCH_SECRETS ?? 100_000);
const BATCH = 128; // etcd's default --max-txn-ops

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

function storedValue(i) {
  const size = 300 + (i % 1200);
  if (i % 50 === 0) return Buffer.concat([Buffer.from('k8s\0\n\x0c\n\x02v1\x12\x06Secret', 'latin1'), randomBytes(size)]);
  const key = i % 10 === 0 ? 'key1' : 'key2';
  const blocks = 16 + Math.floor(size / 16) * 16;
  return Buffer.concat([Buffer.from(`k8s:enc:aescbc:v1:${key}:`), randomBytes(blocks)]);
}

const dir = await mkdtemp(path.join(tmpdir(), 'rampart-bench-etcd-'));
const [clientPort, peerPort] = [await freePort(), await freePort()];
const url = `http://127.0.0.1:${clientPort}`;
const peer = `http://127.0.0.1:${peerPort}`;
const etcd = spawn('etcd', ['--name', 'bench', '--data-dir', path.join(dir, 'data'), '--listen-client-urls', url, '--advertise-client-urls', url,
  '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `bench=${peer}`, '--quota-backend-bytes', String(8 * 1024 ** 3),
  '--log-level', 'error', '--logger', 'zap'], { stdio: 'ignore' });
const client = new Etcd3({ hosts: url });
try {
  for (let tries = 0; ; tries++) {
    try {
      await client.get('probe').string();
      break;
    } catch (error) {
      if (tries > 150) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  let started = performance.now();
  for (let i = 0; i < COUNT; i += BATCH) {
    const ops = [];
    for (let j = i; j < Math.min(COUNT, i + BATCH); j++) ops.push(client.put(`/registry/secrets/ns-${j % 200}/secret-${j}`).value(storedValue(j)));
    await client.if('probe', 'Version', '==', 0).then(...ops).commit();
  }
  console.log(`wrote ${COUNT} Secrets in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const config = path.join(dir, 'encryption.yaml');
  const key = () => randomBytes(32).toString('base64');
  await writeFile(config, `apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\nresources:\n  - resources: [secrets]\n    providers:\n      - aescbc:\n          keys:\n            - name: key2\n              secret: ${key()}\n            - name: key1\n              secret: ${key()}\n      - identity: {}\n`, { mode: 0o600 });
  const { config: parsed } = loadConfigFile(config);

  for (let run = 1; run <= 3; run++) {
    started = performance.now();
    const cpu = process.cpuUsage();
    const store = await openEtcd({ endpoints: [url], timeoutMs: 30_000 });
    const result = await verifyStore(store, { config: parsed });
    await store.close();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    // The CPU time is Rampart's own, whatever else the machine runs; the wall time includes etcd's work and any load.
    console.log(`live etcd, run ${run}: ${result.totals.objects} Secrets in ${seconds.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU ` +
      `(${Math.round(result.totals.objects / seconds)}/s); ` +
      `plaintext ${result.totals.plaintext}, stale ${result.totals.stale}, corrupt ${result.totals.corrupt}; peak RSS ${Math.round(process.memoryUsage().rss / 1024 ** 2)} MB`);
  }

  const snapshot = path.join(dir, 'snapshot.db');
  const stream = await client.maintenance.snapshot();
  const out = createWriteStream(snapshot);
  await new Promise((resolve, reject) => {
    stream.on('data', (message) => out.write(message.blob));
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  out.end();
  await finished(out);
  started = performance.now();
  const fromSnapshot = await verifyStore(openSnapshot(snapshot), { config: parsed });
  const seconds = (performance.now() - started) / 1000;
  console.log(`snapshot: ${fromSnapshot.totals.objects} Secrets in ${seconds.toFixed(2)} s`);
} finally {
  client.close();
  etcd.kill('SIGTERM');
  await new Promise((r) => etcd.once('exit', r));
  await rm(dir, { recursive: true, force: true });
}
