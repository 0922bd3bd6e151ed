import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultAdmissionConfig } from '../src/config/admission.js';
import { LATEST_PSS_VERSION } from '../src/core/settings.js';
import { createDecider } from '../src/services/admission/decide.js';
import { staticNamespaceLabels } from '../src/services/admission/namespaces.js';
import { startAdmissionServer, type AdmissionServer } from '../src/services/admission/server.js';
import { pod, request, reviewBody } from '../src/services/admission/testing/reviews.js';
import { startApiServer, type ApiServer } from '../src/services/server/api/server.js';
import { createDecisionUploader, uploadedDecision, type DecisionUploader } from '../src/services/server/decision-upload.js';
import { openSqlite } from '../src/services/server/store/sqlite.js';
import { Store } from '../src/services/server/store/store.js';

/**
 * The webhook's decisions reach `rampart serve`: a real API server on SQLite, a real webhook (plain HTTP for the
 * test), the batching uploader between them; what is stored is read back from the database file.
 */
const settings = { pss: { level: 'restricted' as const, version: LATEST_PSS_VERSION }, allowedRegistries: [] };
const silent = pino({ level: 'silent' });
let dir: string;
let store: Store;
let api: ApiServer;
let webhook: AdmissionServer;
let uploader: DecisionUploader;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-admission-upload-'));
  store = new Store(openSqlite(join(dir, 'server.db')));
  await store.migrate();
  const { token } = await store.createToken('webhook', ['ingest']);
  api = await startApiServer({ store, address: '127.0.0.1', port: 0, insecureHttp: true, logger: silent });
  uploader = createDecisionUploader({ upload: { server: api.url, token }, logger: silent, flushMs: 60_000 });
  const namespaces = staticNamespaceLabels({ shop: {} });
  webhook = await startAdmissionServer({
    decider: createDecider({ config: defaultAdmissionConfig(), evaluator: { settings }, namespaces, ownNamespace: 'rampart-system' }),
    namespaces,
    insecureHttp: true,
    port: 0,
    address: '127.0.0.1',
    logger: silent,
    onDecision: (admission, decision) => uploader.record(uploadedDecision('prod-eu', admission, decision)),
  });
});

afterAll(async () => {
  await webhook?.close();
  await api?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const review = (admission: ReturnType<typeof request>) =>
  new Promise<boolean>((resolve, reject) => {
    const req = httpRequest(`${webhook.url}/validate`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => resolve((JSON.parse(text) as { response: { allowed: boolean } }).response.allowed));
    });
    req.on('error', reject);
    req.end(JSON.stringify(reviewBody(admission)));
  });

it('stores every decision but dry runs, with who, what, the rules and the images, once the uploader flushes', async () => {
  expect(await review(request(pod('careless', 'shop', { privileged: true })))).toBe(false);
  expect(await review({ ...request(pod('rehearsal', 'shop', { privileged: true })), dryRun: true })).toBe(false);
  await uploader.close();

  const db = new Database(join(dir, 'server.db'), { readonly: true });
  try {
    const rows = db.prepare('SELECT cluster, namespace, kind, name, operation, username, allowed, rules, images FROM admission_decisions').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ cluster: 'prod-eu', namespace: 'shop', kind: 'Pod', name: 'careless', operation: 'CREATE', allowed: 0 });
    expect(String(row!.rules)).toContain('k8s/pss-privileged');
    expect(JSON.parse(String(row!.images))).toEqual([expect.any(String)]);
  } finally {
    db.close();
  }
});

it('keeps decisions while the server is unreachable, drops the oldest beyond its bound, and never throws', async () => {
  const sent: number[] = [];
  let up = false;
  const bounded = createDecisionUploader({
    upload: { server: 'http://127.0.0.1:9', token: 'unused' },
    logger: silent,
    flushMs: 60_000,
    batchSize: 2,
    maxQueued: 3,
    send: async (batch) => {
      if (!up) throw new Error('connection refused');
      sent.push(batch.length);
    },
  });
  const decision = { cluster: 'c', kind: 'Pod', operation: 'CREATE' as const, allowed: true, rules: [], images: [], decidedAt: new Date(0).toISOString() };
  for (let i = 0; i < 5; i++) expect(() => bounded.record({ ...decision, name: `p${i}` })).not.toThrow();
  up = true;
  await bounded.close();
  expect(sent.reduce((sum, n) => sum + n, 0)).toBe(3);
});

it('admission serve --upload needs the token and a cluster name before it starts', async () => {
  const { runCli } = await import('./helpers/cli.js');
  const args = ['admission', 'serve', '--insecure-plain-http-for-local-debugging', '--upload', 'https://rampart.example'];
  const noToken = await runCli(args, { cwd: dir, env: { RAMPART_TOKEN: '' } });
  expect(noToken.code).toBe(2);
  expect(noToken.stderr).toContain('--upload needs the API token in $RAMPART_TOKEN');
  const noName = await runCli(args, { cwd: dir, env: { RAMPART_TOKEN: 'rmp_x' } });
  expect(noName.code).toBe(2);
  expect(noName.stderr).toContain('--upload needs --cluster-name');
});
