import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'rolldown';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgres } from '../src/services/server/store/postgres.js';
import { Store } from '../src/services/server/store/store.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';

/**
 * Two replicas as real processes on one real PostgreSQL, sharing the job queue: one is killed (SIGKILL, no goodbye)
 * in the middle of a job; the survivor takes the job over once its lease runs out, and every job ends done once.
 */

const ROOT = resolve(import.meta.dirname, '..');
const LEASE_MS = 1000;
let postgres: PostgresServer;
let dir: string;
let script: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  postgres = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'rampart-replicas-'));
  // The replica runs the TypeScript sources as one bundle, laid out as the compiled tree is (dist/<dir>/<module>),
  // so core/version.ts finds package.json two levels up; packages come from the project's node_modules.
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  symlinkSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
  script = join(dir, 'dist', 'testing', 'replica.mjs');
  await build({ input: join(ROOT, 'src/services/server/testing/replica.ts'), platform: 'node', external: [/^[^./]/], output: { file: script, format: 'esm' }, logLevel: 'silent' });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function replica(url: string, owner: string): { child: ChildProcess; started: string[] } {
  const child = spawn(process.execPath, [script, url, owner, String(LEASE_MS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const started: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => started.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  return { child, started };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

it('shares jobs between two replicas; a job whose replica is killed is retried and completed once', async () => {
  const url = await postgres.createDatabase('replicas');
  const store = new Store(openPostgres(url));
  await store.migrate();
  await store.driver.exec('CREATE TABLE test_runs (job BIGINT NOT NULL, owner TEXT NOT NULL)');
  const long = (await store.jobs.enqueue({ kind: 'slow', payload: { ms: 4000 } }))!;
  const short: number[] = [];
  for (let i = 0; i < 20; i++) short.push((await store.jobs.enqueue({ kind: 'slow', payload: { ms: 100 } }))!);

  const a = replica(url, 'replica-a');
  const b = replica(url, 'replica-b');
  const victim = await until('the long job to start', () => [a, b].find((r) => r.started.some((line) => line.startsWith(`started ${long} `))));
  victim.child.kill('SIGKILL');
  const survivor = victim === a ? b : a;
  const survivorName = victim === a ? 'replica-b' : 'replica-a';

  const finished = await until('every job to finish', async () => {
    const jobs = await Promise.all([long, ...short].map((id) => store.jobs.get(id)));
    return jobs.every((job) => job?.state === 'done') ? jobs : undefined;
  }, 30_000);
  const longJob = finished[0]!;
  expect(longJob.attempts).toBe(2);
  expect(longJob.result).toEqual({ owner: survivorName });
  const runs = await store.driver.all<{ job: number; owner: string }>('SELECT job, owner FROM test_runs ORDER BY job');
  // The long job started twice (the killed attempt and the retry); the short ones exactly once each, between both replicas.
  expect(runs.filter((r) => r.job === long).map((r) => r.owner).sort()).toEqual(['replica-a', 'replica-b']);
  for (const id of short) expect(runs.filter((r) => r.job === id), `job ${id}`).toHaveLength(1);
  expect(survivor.started.length).toBeGreaterThan(1);
  survivor.child.kill('SIGTERM');
  await until('the survivor to stop', () => (survivor.child.exitCode !== null ? true : undefined));
  expect(survivor.child.exitCode).toBe(0);
  await store.close();
}, 90_000);
