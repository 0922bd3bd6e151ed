// Admission image trust (src/services/admission/image-trust/): what a check of a Deployment with three signed images
// costs once its answers are cached (the steady state of a webhook), and what a miss costs against a registry on
// loopback. The registry is a small in-process server speaking the distribution API, serving signatures the way cosign
// stores them (made here with node:crypto); the real cosign interoperability is in the tests.
//
//   node bench/image-trust.js [DIST]    DIST: a build of src/ (default dist/), e.g. from
//                                       npx tsc -p tsconfig.build.json --outDir /tmp/rampart-dist
//   BENCH_CALLS=20000                   cached checks measured (after a warm-up)
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import http from 'node:http';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const DIST = path.resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const { createImageTrust } = await import(pathToFileURL(path.join(DIST, 'services/admission/image-trust/index.js')).href);
const { defaultAdmissionConfig } = await import(pathToFileURL(path.join(DIST, 'config/admission.js')).href);

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

// name -> { manifests: Map<tag or digest, Buffer>, blobs: Map<digest, Buffer> }
const repositories = new Map();
function repository(name) {
  if (!repositories.has(name)) repositories.set(name, { manifests: new Map(), blobs: new Map() });
  return repositories.get(name);
}
function blob(repo, bytes) {
  const digest = sha256(bytes);
  repo.blobs.set(digest, bytes);
  return { digest, size: bytes.length };
}
function signedImage(name, tag) {
  const repo = repository(name);
  const config = blob(repo, Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', name })));
  const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: [] }));
  const digest = sha256(manifest);
  repo.manifests.set(tag, manifest).set(digest, manifest);
  const payload = Buffer.from(JSON.stringify({ critical: { identity: { 'docker-reference': name }, image: { 'docker-manifest-digest': digest }, type: 'cosign container image signature' }, optional: null }));
  const layer = blob(repo, payload);
  const signature = sign('sha256', payload, privateKey).toString('base64');
  const sigManifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...blob(repo, Buffer.from('{}')) },
      layers: [{ mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json', ...layer, annotations: { 'dev.cosignproject.cosign/signature': signature } }],
    }),
  );
  repo.manifests.set(`${digest.replace(':', '-')}.sig`, sigManifest);
}

let requests = 0;
const server = http.createServer((request, response) => {
  requests++;
  const match = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(request.url ?? '');
  if (request.url === '/v2/') return void response.writeHead(200).end('{}');
  const repo = match && repositories.get(match[1]);
  const body = repo && (match[2] === 'manifests' ? repo.manifests : repo.blobs).get(match[3]);
  if (!body) return void response.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
  response.writeHead(200, { 'content-type': match[2] === 'manifests' ? OCI_MANIFEST : 'application/octet-stream', 'content-length': body.length }).end(body);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const host = `127.0.0.1:${server.address().port}`;

const names = ['shop/api', 'shop/worker', 'shop/migrate'];
for (const name of names) signedImage(name, '1.4.2');
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'shop', namespace: 'shop' },
  spec: {
    replicas: 3,
    template: {
      metadata: { labels: { app: 'shop' } },
      spec: {
        initContainers: [{ name: 'migrate', image: `${host}/shop/migrate:1.4.2` }],
        containers: [
          { name: 'api', image: `${host}/shop/api:1.4.2` },
          { name: 'worker', image: `${host}/shop/worker:1.4.2` },
        ],
      },
    },
  },
};

const base = defaultAdmissionConfig().imageTrust;
const config = {
  ...base,
  repositories: [`${host}/shop/`],
  pinDigests: true,
  signatures: { ...base.signatures, mode: 'enforce', keys: [publicKey.export({ type: 'spki', format: 'pem' })], cacheTtlMs: 3_600_000 },
};
const registry = { dockerConfigPath: '/nonexistent/config.json' };

function percentiles(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}
const fmt = ({ p50, p99, max }) => `p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${max.toFixed(3)} ms`;

// Misses: a fresh instance per call, so every check resolves three tags and verifies three signatures.
const missWall = [];
let missRequests = 0;
for (let i = 0; i < 50; i++) {
  const trust = createImageTrust(config, { registry });
  const before = requests;
  const started = performance.now();
  const result = await trust.check(deployment, AbortSignal.timeout(2_000));
  missWall.push(performance.now() - started);
  missRequests = requests - before;
  if (result.verdicts.length !== 0 || result.patch.length !== 3) throw new Error(`unexpected result ${JSON.stringify(result)}`);
}

const trust = createImageTrust(config, { registry });
await trust.check(deployment);
const before = requests;
const wall = [];
const cpu = [];
for (let i = 0; i < CALLS + 1_000; i++) {
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  await trust.check(deployment, AbortSignal.timeout(2_000));
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpuStarted);
  if (i >= 1_000) {
    wall.push(elapsed);
    cpu.push((used.user + used.system) / 1000);
  }
}
if (requests !== before) throw new Error(`cached checks reached the registry ${requests - before} times`);
server.close();

console.log(`image trust, Deployment with 3 signed images (pin + verify), load average ${loadavg()[0].toFixed(2)}`);
console.log(`  miss (loopback registry, ${missRequests} requests): wall ${fmt(percentiles(missWall))}`);
console.log(`  cached (${CALLS} calls, 0 registry requests): wall ${fmt(percentiles(wall))}; CPU ${fmt(percentiles(cpu))}`);
