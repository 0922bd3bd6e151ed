import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { VulnerabilityFinding } from '../../../core/vulnerability.js';
import { changeKey, createNotifier, type ImageChange } from '../notify/index.js';
import { openSqlite } from '../store/sqlite.js';
import { Store } from '../store/store.js';
import { DIGEST_A } from '../testing/reports.js';
import { notifyJob, notifyJobFor, NOTIFY_JOB } from './notify.js';
import { startWorker } from './worker.js';

/**
 * The notification outbox: a change and the job that announces it are committed together, and the job delivers it
 * once to each target across failures, retries and replicas.
 */
const silent = pino({ level: 'silent' });
let dir: string;
let store: Store;
let receiver: Server;
let url: string;
let received: string[];
/** How the receiver answers the next requests, in order; then 204. */
let script: Array<(response: ServerResponse) => void>;
/** Requests to these paths are cut off, as a target that is down. */
let down: Set<string>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-notify-job-'));
  store = new Store(openSqlite(join(dir, 'server.db')));
  await store.migrate();
  await store.recordReferences(DIGEST_A, []);
  received = [];
  script = [];
  down = new Set();
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(Buffer.concat(chunks).toString('utf8'));
      if (down.has(request.url ?? '')) return void response.destroy();
      const answer = script.shift();
      if (answer) answer(response);
      else response.writeHead(204).end();
    });
  });
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterEach(async () => {
  receiver.closeAllConnections();
  await new Promise((done) => receiver.close(done));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const finding: VulnerabilityFinding = {
  id: 'CVE-2025-7777',
  aliases: [],
  advisories: ['PYSEC-2025-77'],
  package: { ecosystem: 'PyPI', name: 'requests', version: '2.31.0', purl: 'pkg:pypi/requests@2.31.0' },
  locations: [{ file: 'sbom.json' }],
  severity: { level: 'high', score: 7.5, source: 'CVSS_V3' },
  fixedVersions: ['2.32.0'],
  fingerprint: 'f'.repeat(32),
};
const change: ImageChange = { digest: DIGEST_A, references: ['registry.example/shop:1.4'], diff: { added: [finding], gone: [], fixAvailable: [], severityChanged: [] } };

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((done) => setTimeout(done, 20));
  }
}

it('stores the notify job with the change, once per change however often the re-match is retried', async () => {
  const job = notifyJobFor(change, changeKey(change));
  await store.recordRematch(DIGEST_A, [finding], change.diff, undefined, job);
  await store.recordRematch(DIGEST_A, [finding], change.diff, undefined, job);
  const queued = (await store.jobs.list()).filter((j) => j.kind === NOTIFY_JOB);
  expect(queued).toHaveLength(1);
  expect((queued[0]!.payload as { change: ImageChange }).change.diff.added[0]!.id).toBe('CVE-2025-7777');
});

it('a change whose transaction failed queues no notification', async () => {
  await expect(store.recordRematch('sha256:not-a-known-image', [finding], change.diff, undefined, notifyJobFor(change, changeKey(change)))).rejects.toThrow();
  expect((await store.jobs.list()).filter((j) => j.kind === NOTIFY_JOB)).toEqual([]);
});

it('retries a target that is down and delivers the change to it exactly once', async () => {
  script = [(r) => r.writeHead(503).end(), (r) => r.writeHead(503).end()];
  await store.recordRematch(DIGEST_A, [finding], change.diff, undefined, notifyJobFor(change, changeKey(change)));
  const notifier = createNotifier({ targets: [{ name: 'security-team', kind: 'webhook', url }], sent: store.sentNotifications, retry: { maxAttempts: 1, baseDelayMs: 1 } });
  const worker = startWorker({ store, owner: 'replica-a', handlers: { [NOTIFY_JOB]: notifyJob({ notifier, logger: silent }) }, logger: silent, pollMs: 20, retryBaseMs: 10 });
  try {
    const done = await until(async () => (await store.jobs.list()).find((j) => j.kind === NOTIFY_JOB && j.state === 'done'));
    expect(done.attempts).toBe(3);
    expect(done.result).toEqual({ delivered: ['security-team'], duplicate: [] });
  } finally {
    await worker.stop();
  }
  expect(received).toHaveLength(3);
  expect(JSON.parse(received[2]!)).toMatchObject({ image: { digest: DIGEST_A }, counts: { added: 1 } });
});

it('a job taken over after its lease ran out skips the targets that already accepted the change', async () => {
  const second = `${url}-second`;
  await store.recordRematch(DIGEST_A, [finding], change.diff, undefined, notifyJobFor(change, changeKey(change)));
  const targets = [{ name: 'team', kind: 'webhook' as const, url }, { name: 'audit', kind: 'webhook' as const, url: second }];
  // The first replica reached "team", then died before "audit" answered (its attempt failed and its lease ran out).
  down.add('/hook-second');
  const first = createNotifier({ targets, sent: store.sentNotifications, retry: { maxAttempts: 1, baseDelayMs: 1 } });
  const [claimed] = [await store.jobs.claim('replica-a', 1, [NOTIFY_JOB])];
  await expect(notifyJob({ notifier: first, logger: silent })(claimed!, new AbortController().signal)).rejects.toThrow(/not delivered to audit/);
  await new Promise((done) => setTimeout(done, 5));
  down.clear();

  const takeover = await store.jobs.claim('replica-b', 60_000, [NOTIFY_JOB]);
  expect(takeover?.id).toBe(claimed!.id);
  const result = await notifyJob({ notifier: createNotifier({ targets, sent: store.sentNotifications }), logger: silent })(takeover!, new AbortController().signal);
  expect(result).toEqual({ delivered: ['audit'], duplicate: ['team'] });
  expect(received).toHaveLength(3);
});
