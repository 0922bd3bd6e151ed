import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureZip, startOsvMirror, type OsvMirror } from '../src/checks/vulnerabilities/database/testdata/osv-mirror.js';
import { startRampartServer, type RampartServer } from '../src/services/server/serve.js';
import { openSqlite } from '../src/services/server/store/sqlite.js';
import { Store } from '../src/services/server/store/store.js';
import { DIGEST_A } from '../src/services/server/testing/reports.js';

/**
 * The continuous loop end to end: an SBOM and a cluster inventory are uploaded; `db update` runs as a job against an
 * OSV mirror and queues a re-match; an advisory is published; the next update's re-match records the diff, notifies
 * a webhook once, and the API answers where the newly vulnerable image runs.
 */

const NEW_ADVISORY = {
  id: 'PYSEC-2025-77',
  modified: '2025-06-01T00:00:00Z',
  aliases: ['CVE-2025-7777'],
  affected: [{ package: { name: 'requests', ecosystem: 'PyPI' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.32.0' }] }] }],
};

let dir: string;
let mirror: OsvMirror;
let receiver: Server;
let receiverUrl: string;
const received: Array<{ headers: Record<string, unknown>; body: Record<string, unknown> }> = [];
let store: Store;
let server: RampartServer;
let admin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-continuous-'));
  mirror = await startOsvMirror();
  mirror.put('/ecosystems.txt', 'PyPI\n');
  mirror.put('/PyPI/all.zip', fixtureZip('PyPI'));
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof received)[number]['body'] });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  store = new Store(openSqlite(join(dir, 'server.db')));
  await store.migrate();
  admin = (await store.createToken('admin', ['admin'])).token;
  server = await startRampartServer({
    store, logger: pino({ level: 'silent' }), address: '127.0.0.1', port: 0, insecureHttp: true,
    vulnerabilityDb: join(dir, 'osv', 'osv.sqlite'), dbUpdateEveryMs: 0, osvBaseUrl: mirror.baseUrl, pollMs: 50,
    notify: [{ name: 'security-team', kind: 'webhook', url: receiverUrl }],
  });
});
afterAll(async () => {
  await server?.close();
  await store?.close();
  await mirror?.close();
  await new Promise((done) => receiver?.close(done));
  rmSync(dir, { recursive: true, force: true });
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: () => unknown }> {
  const response = await fetch(new URL(path, server.api.url), {
    method, headers: { authorization: `Bearer ${admin}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: () => JSON.parse(text) as unknown };
}

async function runUpdateAndRematch(): Promise<{ rebuilt: boolean; rematch?: unknown }> {
  const queued = (await api('POST', '/api/v1/jobs', { kind: 'db-update' })).json() as { id: number };
  const update = await until(async () => {
    const job = await store.jobs.get(queued.id);
    return job?.state === 'done' || job?.state === 'failed' ? job : undefined;
  });
  expect(update.state, update.lastError).toBe('done');
  const result = update.result as { rebuilt: boolean; rematchJob?: number };
  if (!result.rematchJob) return { rebuilt: result.rebuilt };
  const rematch = await until(async () => {
    const job = await store.jobs.get(result.rematchJob!);
    return job?.state === 'done' || job?.state === 'failed' ? job : undefined;
  });
  expect(rematch.state, rematch.lastError).toBe('done');
  return { rebuilt: result.rebuilt, rematch: rematch.result };
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 50));
  }
}

it('re-matches stored SBOMs after each database update and reports only what changed', async () => {
  const sbom = {
    bomFormat: 'CycloneDX', specVersion: '1.6', version: 1,
    components: [
      { type: 'library', name: 'trac', version: '0.9', purl: 'pkg:pypi/trac@0.9' },
      { type: 'library', name: 'requests', version: '2.31.0', purl: 'pkg:pypi/requests@2.31.0' },
    ],
  };
  expect((await api('POST', `/api/v1/sboms?digest=${DIGEST_A}&reference=registry.example/shop:1.4`, sbom)).status).toBe(201);
  expect((await api('POST', '/api/v1/cluster-inventories', { cluster: 'prod', workloads: [{ namespace: 'shop', kind: 'Deployment', name: 'web', container: 'app', image: 'registry.example/shop:1.4', digest: DIGEST_A }] })).status).toBe(201);

  const first = await runUpdateAndRematch();
  expect(first).toMatchObject({ rebuilt: true, rematch: { images: 1, changed: 1 } });
  const open = (await api('GET', `/api/v1/vulnerabilities?digest=${DIGEST_A}`)).json() as { items: Array<{ vulnerabilityId: string }> };
  expect(open.items.map((v) => v.vulnerabilityId)).toEqual(['CVE-2005-4644']);
  await until(async () => (received.length === 1 ? true : undefined));
  expect(received[0]!.body).toMatchObject({ image: { digest: DIGEST_A, references: ['registry.example/shop:1.4'] }, counts: { added: 1 } });

  // Nothing upstream changed: no rebuild, no re-match, no message.
  expect(await runUpdateAndRematch()).toEqual({ rebuilt: false });

  mirror.put('/PyPI/all.zip', fixtureZip('PyPI', { 'PYSEC-2025-77.json': JSON.stringify(NEW_ADVISORY) }));
  const second = await runUpdateAndRematch();
  expect(second).toMatchObject({ rebuilt: true, rematch: { images: 1, changed: 1 } });
  const changes = (await api('GET', `/api/v1/changes?digest=${DIGEST_A}`)).json() as { items: Array<{ changes: { added: Array<{ id: string; package: string }>; gone: unknown[] } }> };
  expect(changes.items[0]!.changes.added).toEqual([{ id: 'CVE-2025-7777', package: 'requests@2.31.0', severity: expect.any(String) }]);
  expect(changes.items[0]!.changes.gone).toEqual([]);
  const exposure = (await api('GET', '/api/v1/exposure?vulnerability=CVE-2025-7777')).json() as { items: Array<{ digest: string; running: Array<{ cluster: string; name: string }>; references: unknown[] }> };
  expect(exposure.items).toHaveLength(1);
  expect(exposure.items[0]).toMatchObject({ digest: DIGEST_A, running: [{ cluster: 'prod', name: 'web' }], references: [{ repository: 'registry.example/shop', tag: '1.4' }] });
  await until(async () => (received.length === 2 ? true : undefined));
  expect(JSON.stringify(received[1]!.body)).toContain('CVE-2025-7777');
  expect(JSON.stringify(received[1]!.body)).not.toContain('CVE-2005-4644');

  // A re-match with nothing new records nothing and sends nothing.
  const again = (await api('POST', '/api/v1/jobs', { kind: 'rematch' })).json() as { id: number };
  const job = await until(async () => ((await store.jobs.get(again.id))?.state === 'done' ? store.jobs.get(again.id) : undefined));
  expect(job!.result).toEqual({ images: 1, changed: 0, unreadable: 0 });
  expect(received).toHaveLength(2);
});
