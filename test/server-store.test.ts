import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/services/server/store/migrate.js';
import { MIGRATIONS } from '../src/services/server/store/migrations.js';
import { openPostgres } from '../src/services/server/store/postgres.js';
import { openSqlite } from '../src/services/server/store/sqlite.js';
import type { SqlDriver } from '../src/services/server/store/sql.js';
import { Store, StoreInputError } from '../src/services/server/store/store.js';
import { DIGEST_A, DIGEST_B, syntheticReport } from '../src/services/server/testing/reports.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';

let postgres: PostgresServer;
let dir: string;
let databases = 0;

beforeAll(async () => {
  postgres = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'rampart-store-'));
});
afterAll(async () => {
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const drivers: Record<string, () => Promise<SqlDriver>> = {
  sqlite: async () => openSqlite(join(dir, `store-${++databases}.db`)),
  postgres: async () => openPostgres(await postgres.createDatabase(`store_${++databases}`)),
};

describe.each(Object.keys(drivers))('store conformance (%s)', (name) => {
  let now = 1_700_000_000_000;
  const clock = () => now;
  const fresh = async () => {
    const store = new Store(await drivers[name]!(), clock);
    await store.migrate();
    return store;
  };

  it('migrates once and records the version', async () => {
    const store = await fresh();
    const again = await store.migrate();
    expect(again.applied).toEqual([]);
    const rows = await store.driver.all<{ version: number }>('SELECT version FROM schema_migrations');
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    await store.close();
  });

  it('applies a failing migration not at all: no table of it, not even the version table', async () => {
    const driver = await drivers[name]!();
    const broken = [
      { version: 1, name: 'good', sql: 'CREATE TABLE first_table (id INTEGER)' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE second_table (id INTEGER); INSERT INTO no_such_table VALUES (1)' },
    ];
    await expect(migrate(driver, broken)).rejects.toThrow(/no_such_table/);
    const tables = driver.dialect === 'sqlite'
      ? await driver.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('first_table', 'second_table', 'schema_migrations')")
      : await driver.all<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_name IN ('first_table', 'second_table', 'schema_migrations')");
    expect(tables).toEqual([]);
    await expect(migrate(driver, broken.slice(0, 1))).resolves.toEqual({ applied: [1], version: 1 });
    await driver.close();
  });

  it('refuses a database newer than the program', async () => {
    const store = await fresh();
    await store.driver.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [999, 'future', now]);
    await expect(store.migrate()).rejects.toThrow(/newer than this rampart/);
    await store.close();
  });

  it('tracks first seen, last seen and fixed at across reports of one project', async () => {
    const store = await fresh();
    const first = await store.ingestReport(syntheticReport({ findings: ['a', 'b', 'c'] }), { project: 'shop', uploadedBy: 'ci', pullRequest: '42' });
    expect(first.findings).toEqual({ stored: 3, new: 3, fixed: 0 });
    now += 60_000;
    const second = await store.ingestReport(syntheticReport({ findings: ['b', 'c', 'd'] }), { project: 'shop', uploadedBy: 'ci', pullRequest: '43' });
    expect(second.findings).toEqual({ stored: 3, new: 1, fixed: 1 });
    const open = await store.listFindings({ project: 'shop', status: 'open' }, { limit: 10 });
    expect(open.items.map((f) => f.fingerprint).sort()).toEqual(['fp-b', 'fp-c', 'fp-d']);
    const b = open.items.find((f) => f.fingerprint === 'fp-b')!;
    expect(b.firstReport).toBe(first.reportId);
    expect(b.lastReport).toBe(second.reportId);
    expect(Date.parse(b.lastSeen) - Date.parse(b.firstSeen)).toBe(60_000);
    const fixed = await store.listFindings({ project: 'shop', status: 'fixed' }, { limit: 10 });
    expect(fixed.items.map((f) => [f.fingerprint, f.fixedAt])).toEqual([['fp-a', new Date(now).toISOString()]]);
    now += 60_000;
    const third = await store.ingestReport(syntheticReport({ findings: ['a'] }), { project: 'shop', uploadedBy: 'ci' });
    expect(third.findings).toEqual({ stored: 1, new: 0, fixed: 3 });
    const reopened = await store.listFindings({ project: 'shop', status: 'open' }, { limit: 10 });
    expect(reopened.items.map((f) => f.fingerprint)).toEqual(['fp-a']);
    expect(reopened.items[0]!.fixedAt).toBeUndefined();
    await store.close();
  });

  it('keeps images by digest with every reference, and answers where a vulnerable image runs and who brought it', async () => {
    const store = await fresh();
    const brought = await store.ingestReport(syntheticReport({ vulnerabilities: ['CVE-2024-1'], image: { name: 'ghcr.io/acme/shop:1.4', digest: DIGEST_A } }), { project: 'shop', uploadedBy: 'ci', pullRequest: '7', commit: 'abc' });
    await store.ingestReport(syntheticReport({ vulnerabilities: ['CVE-2024-1'], image: { name: 'ghcr.io/acme/shop:latest', digest: DIGEST_A } }), { project: 'shop', uploadedBy: 'ci' });
    await store.ingestReport(syntheticReport({ vulnerabilities: ['CVE-2024-2'], image: { name: 'ghcr.io/acme/api:2', digest: DIGEST_B } }), { uploadedBy: 'ci' });
    await store.ingestClusterInventory({ cluster: 'prod', workloads: [
      { namespace: 'shop', kind: 'Deployment', name: 'web', container: 'app', image: 'ghcr.io/acme/shop:1.4', digest: DIGEST_A },
      { namespace: 'api', kind: 'Deployment', name: 'api', container: 'app', image: 'ghcr.io/acme/api:2', digest: DIGEST_B },
    ] });
    const images = await store.listImages({}, { limit: 10 });
    expect(images.items.map((i) => [i.digest, i.references.map((r) => `${r.repository}:${r.tag}`)])).toEqual([
      [DIGEST_A, ['ghcr.io/acme/shop:1.4', 'ghcr.io/acme/shop:latest']],
      [DIGEST_B, ['ghcr.io/acme/api:2']],
    ]);
    const exposure = await store.exposure({ vulnerabilityId: 'CVE-2024-1' });
    expect(exposure).toHaveLength(1);
    expect(exposure[0]!.digest).toBe(DIGEST_A);
    expect(exposure[0]!.running.map((w) => `${w.cluster}/${w.namespace}/${w.name}`)).toEqual(['prod/shop/web']);
    expect(exposure[0]!.introducedBy).toMatchObject({ id: brought.reportId, pullRequest: '7', commit: 'abc', project: 'shop' });
    // A new inventory replaces the old one: the shop no longer runs.
    await store.ingestClusterInventory({ cluster: 'prod', workloads: [] });
    expect((await store.exposure({ digest: DIGEST_A }))[0]!.running).toEqual([]);
    expect(await store.exposure({ vulnerabilityId: 'CVE-0000-0' })).toEqual([]);
    await store.close();
  });

  it('pages with an opaque cursor and rejects a forged one', async () => {
    const store = await fresh();
    await store.ingestReport(syntheticReport({ findings: Array.from({ length: 25 }, (_, i) => `k${i}`) }), { project: 'p', uploadedBy: 'ci' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listFindings({ status: 'all' }, { limit: 10, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((f) => f.fingerprint));
      cursor = page.next;
    } while (cursor);
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    await expect(store.listFindings({ status: 'all' }, { limit: 10, cursor: 'bm90LWFuLWlk' })).rejects.toThrow(StoreInputError);
    const high = await store.listFindings({ status: 'all', severity: ['high'] }, { limit: 100 });
    expect(high.items.length).toBe(5);
    expect(high.items.every((f) => f.severity === 'high')).toBe(true);
    // Several severities are merged from one query each, newest first, and page like one list.
    const merged: string[] = [];
    let next: string | undefined;
    do {
      const page = await store.listFindings({ status: 'all', severity: ['high', 'critical'] }, { limit: 3, ...(next ? { cursor: next } : {}) });
      merged.push(...page.items.map((f) => `${f.id}:${f.severity}`));
      next = page.next;
    } while (next);
    const ids = merged.map((entry) => Number(entry.split(':')[0]));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(merged).toHaveLength(10);
    expect(new Set(merged.map((entry) => entry.split(':')[1]))).toEqual(new Set(['high', 'critical']));
    await store.close();
  });

  it('marks suppressed results with who and why, until the suppression expires', async () => {
    const store = await fresh();
    await store.ingestReport(syntheticReport({ vulnerabilities: ['CVE-2024-9', 'CVE-2024-10'], image: { name: 'r/a:1', digest: DIGEST_A } }), { uploadedBy: 'ci' });
    await store.addSuppression({ target: 'CVE-2024-9', reason: 'not reachable', createdBy: 'alice', expiresAt: now + 1000 });
    const listed = await store.listVulnerabilities({ status: 'open' }, { limit: 10 });
    const byId = new Map(listed.items.map((v) => [v.vulnerabilityId, v]));
    expect(byId.get('CVE-2024-9')!.suppressed).toMatchObject({ reason: 'not reachable', createdBy: 'alice' });
    expect(byId.get('CVE-2024-10')!.suppressed).toBeUndefined();
    now += 2000;
    const later = await store.listVulnerabilities({ status: 'open', vulnerabilityId: 'CVE-2024-9' }, { limit: 10 });
    expect(later.items[0]!.suppressed).toBeUndefined();
    await store.close();
  });

  it('stores tokens hashed and authenticates only live ones', async () => {
    const store = await fresh();
    const { token, record } = await store.createToken('ci', ['ingest']);
    const stored = await store.driver.all<{ token_hash: string }>('SELECT token_hash FROM api_tokens');
    expect(stored[0]!.token_hash).not.toContain(token.slice(4));
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.authenticate(token)).toMatchObject({ name: 'ci', scopes: ['ingest'] });
    expect(await store.authenticate(`${token}x`)).toBeUndefined();
    expect(await store.revokeToken(record.id)).toBe(true);
    expect(await store.authenticate(token)).toBeUndefined();
    const { token: shortLived } = await store.createToken('temp', ['read'], now + 10);
    now += 11;
    expect(await store.authenticate(shortLived)).toBeUndefined();
    await store.close();
  });

  it('leaves nothing of a report whose ingest fails half-way', async () => {
    const store = await fresh();
    const report = syntheticReport({ findings: ['x', 'y'] });
    // A title the schema requires, made NULL: the second statement of the transaction fails after the report row.
    (report.findings[1] as { title: unknown }).title = null;
    await expect(store.ingestReport(report, { project: 'shop', uploadedBy: 'ci' })).rejects.toThrow();
    expect(await store.listReports({}, { limit: 10 })).toEqual({ items: [] });
    expect((await store.listFindings({ status: 'all' }, { limit: 10 })).items).toEqual([]);
    await store.close();
  });

  it('queues jobs: dedupe keys, leases, retries after a lost worker, one completion', async () => {
    const store = await fresh();
    const id = await store.jobs.enqueue({ kind: 'db-update', dedupeKey: 'db-update:1', maxAttempts: 3 });
    expect(id).toBeTypeOf('number');
    expect(await store.jobs.enqueue({ kind: 'db-update', dedupeKey: 'db-update:1' })).toBeUndefined();
    const first = await store.jobs.claim('worker-1', 1000);
    expect(first).toMatchObject({ id, attempts: 1, leaseOwner: 'worker-1' });
    expect(await store.jobs.claim('worker-2', 1000)).toBeUndefined();
    now += 1001; // worker-1 died: its lease ran out
    const second = await store.jobs.claim('worker-2', 1000);
    expect(second).toMatchObject({ id, attempts: 2, leaseOwner: 'worker-2' });
    expect(await store.jobs.complete(id!, 'worker-1', { by: 1 })).toBe(false);
    expect(await store.jobs.renew(id!, 'worker-1', 1000)).toBe(false);
    expect(await store.jobs.complete(id!, 'worker-2', { by: 2 })).toBe(true);
    expect(await store.jobs.get(id!)).toMatchObject({ state: 'done', result: { by: 2 } });
    const failing = await store.jobs.enqueue({ kind: 'watch', maxAttempts: 1 });
    await store.jobs.claim('worker-1', 1000);
    expect(await store.jobs.fail(failing!, 'worker-1', 'registry down', 10)).toBe(true);
    expect(await store.jobs.get(failing!)).toMatchObject({ state: 'failed', lastError: 'registry down' });
    await store.close();
  });
});
