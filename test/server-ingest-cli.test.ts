import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOsv } from '../src/checks/vulnerabilities/database/index.js';
import { readSbom } from '../src/formats/sbom/index.js';
import { startApiServer, type ApiServer } from '../src/services/server/api/server.js';
import { openSqlite } from '../src/services/server/store/sqlite.js';
import { Store } from '../src/services/server/store/store.js';
import { writeOciLayout, type WrittenLayout } from '../src/sources/image/testing/oci-writer.js';
import { runCli } from './helpers/cli.js';
import { describeKube, uniqueNamespace } from './helpers/kube-env.js';

/**
 * What CI and the in-cluster CronJob send besides reports: an image scan's SBOM (so the server re-matches it on every
 * database update without pulling the image again) and a cluster scan's running inventory (so it can answer where a
 * vulnerable digest runs). A real API server on SQLite; the cluster is the real kube-apiserver of the test environment.
 */
const DPKG_STATUS = `Package: libnghttp2-14
Status: install ok installed
Architecture: amd64
Source: nghttp2
Version: 1.52.0-1
Description: library implementing HTTP/2 protocol (shared library)
`;
const OS_RELEASE = 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';

let dir: string;
let db: string;
let store: Store;
let api: ApiServer;
let written: WrittenLayout;
let ingest: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-server-ingest-'));
  db = join(dir, 'osv.sqlite');
  await importOsv(join(import.meta.dirname, 'fixtures', 'osv'), db);
  written = await writeOciLayout(join(dir, 'layout'), [
    {
      ref: 'v1',
      image: {
        config: { User: '10001', Cmd: ['node', 'server.js'] },
        layers: [
          { createdBy: 'ADD rootfs.tar /', entries: [{ path: 'etc/os-release', content: OS_RELEASE }, { path: 'var/lib/dpkg/status', content: DPKG_STATUS }] },
          { createdBy: 'RUN npm ci --omit=dev', entries: [{ path: 'app/node_modules/lodash/package.json', content: JSON.stringify({ name: 'lodash', version: '4.17.15' }) }] },
        ],
      },
    },
  ]);
  store = new Store(openSqlite(join(dir, 'server.db')));
  await store.migrate();
  ingest = (await store.createToken('ci', ['ingest'])).token;
  api = await startApiServer({ store, address: '127.0.0.1', port: 0, insecureHttp: true, logger: pino({ level: 'silent' }) });
});

afterAll(async () => {
  await api?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('rampart image --upload', () => {
  it('stores the image\'s SBOM under its manifest digest, with the packages the scan found', async () => {
    const run = await runCli(['image', '--input', 'layout', '--db', db, '--format', 'json', '--upload', api.url], { cwd: dir, env: { RAMPART_TOKEN: ingest, RAMPART_PROJECT: 'shop' } });
    expect(run.code, run.stderr).toBe(1);
    const digest = written.images[0]!.manifestDigest;
    expect(run.stderr).toContain(`SBOM of ${digest} uploaded (2 packages)`);
    const document = await store.sbomDocument(digest);
    expect(document).toBeDefined();
    const sbom = readSbom(document!, 'stored.json');
    expect(sbom.errors).toEqual([]);
    expect(sbom.packages.map((p) => `${p.ecosystem} ${p.name} ${p.version}`).sort()).toEqual(['Debian:12 libnghttp2-14 1.52.0-1', 'npm lodash 4.17.15']);
  });
});

describe('rampart scan --cluster-name', () => {
  it('is a usage error without --cluster and --upload', async () => {
    const run = await runCli(['scan', '.', '--cluster-name', 'prod'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--cluster-name');
  });
});

describeKube('rampart scan --cluster --upload', (env) => {
  it('also sends the running inventory: the server then answers where a vulnerable image runs and which pull request brought it', async () => {
    const namespace = uniqueNamespace('inventory');
    const digest = written.images[0]!.manifestDigest;
    const fromCi = await runCli(['image', '--input', 'layout', '--db', db, '--format', 'json', '--upload', api.url], { cwd: dir, env: { RAMPART_TOKEN: ingest, RAMPART_PROJECT: 'shop', RAMPART_PULL_REQUEST: '42' } });
    expect(fromCi.stderr).toContain('report uploaded');
    const manifests = `
apiVersion: v1
kind: Namespace
metadata: { name: ${namespace} }
---
# No controller manager runs here to create it.
apiVersion: v1
kind: ServiceAccount
metadata: { name: default, namespace: ${namespace} }
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d9f
  namespace: ${namespace}
  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: web, uid: 0b5c8a6e-3f1d-4c53-9a57-3c1d7a0e0001, controller: true }]
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "registry.example/shop/web:1.4" }] }
---
apiVersion: v1
kind: Pod
metadata:
  name: web-7d9f-x2k4q
  namespace: ${namespace}
  labels: { app: web }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9f, uid: 0b5c8a6e-3f1d-4c53-9a57-3c1d7a0e0002, controller: true }]
spec: { containers: [{ name: web, image: "registry.example/shop/web:1.4" }] }
---
apiVersion: v1
kind: Pod
metadata: { name: debug, namespace: ${namespace} }
spec: { containers: [{ name: shell, image: "busybox:1.36" }] }
`;
    const applied = await env.kubectl(['apply', '-f', '-'], { input: manifests });
    expect(applied.code, applied.stderr).toBe(0);
    // No kubelet runs here: the status a kubelet would report once it pulled the image is written as one would.
    const status = { status: { phase: 'Running', containerStatuses: [{ name: 'web', image: 'registry.example/shop/web:1.4', imageID: `registry.example/shop/web@${digest}`, ready: true, restartCount: 0, state: { running: {} } }] } };
    const patched = await env.kubectl(['patch', 'pod', 'web-7d9f-x2k4q', '-n', namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify(status)]);
    expect(patched.code, patched.stderr).toBe(0);

    const run = await runCli(['scan', '--cluster', '--namespace', namespace, '--kubeconfig', env.kubeconfig, '--fail-on', 'never', '--format', 'json', '--upload', api.url, '--cluster-name', 'prod-eu'], {
      cwd: dir,
      env: { RAMPART_TOKEN: ingest },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/running inventory of cluster prod-eu uploaded \(\d+ containers\)/);

    const [exposure] = await store.exposure({ vulnerabilityId: 'CVE-2023-44487' });
    expect(exposure?.digest).toBe(digest);
    expect(exposure?.running).toEqual([expect.objectContaining({ cluster: 'prod-eu', namespace, kind: 'Deployment', name: 'web', container: 'web' })]);
    // The first report that carried the digest: the CI run before this test's, of the same project.
    expect(exposure?.introducedBy).toMatchObject({ project: 'shop' });
    await env.kubectl(['delete', 'namespace', namespace, '--wait=false']);
  });
});
