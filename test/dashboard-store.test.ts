import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../src/services/server/dashboard/auth.js';
import { changesSince, findingsByNamespace, listAdmissionDecisions, openCounts, trend } from '../src/services/server/store/dashboard-queries.js';
import { DashboardSessions } from '../src/services/server/store/dashboard-sessions.js';
import { openPostgres } from '../src/services/server/store/postgres.js';
import { openSqlite } from '../src/services/server/store/sqlite.js';
import { Store } from '../src/services/server/store/store.js';
import { DIGEST_A, syntheticReport } from '../src/services/server/testing/reports.js';
import { startPostgres, type PostgresServer } from './helpers/postgres.js';

/** The dashboard's sessions and read queries, on both databases. */

let postgres: PostgresServer;
beforeAll(async () => {
  postgres = await startPostgres();
});
afterAll(async () => postgres?.stop());

const DAY = 86_400_000;

describe.each([
  ['sqlite', async () => openSqlite(':memory:')],
  ['postgres', async () => openPostgres(await postgres.createDatabase(`dashboard_store_${Date.now() % 100_000}`))],
])('dashboard store on %s', (_name, open) => {
  let now = Date.UTC(2026, 11, 1, 12);
  let store: Store;
  let sessions: DashboardSessions;
  beforeAll(async () => {
    store = new Store(await open(), () => now);
    await store.migrate();
    sessions = new DashboardSessions(store.driver, () => now);
  });
  afterAll(async () => store.close());

  it('keeps only the hash of a session id, ends sessions at expiry and with their token, and hands a pending login out once', async () => {
    const { record, token } = await store.createToken('viewer', ['read']);
    const id = await sessions.open({ principal: 'viewer', scopes: ['read'], tokenId: record.id, ttlMs: 60_000 });
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await store.driver.all<{ id_hash: string; principal: string }>('SELECT id_hash, principal FROM dashboard_sessions');
    expect(stored.map((r) => r.id_hash)).not.toContain(id);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await sessions.find(id)).toMatchObject({ principal: 'viewer', scopes: ['read'] });
    // Another first character: every bit of it counts, unlike the last one's padding bits, and it always differs.
    expect(await sessions.find(`${id.startsWith('A') ? 'B' : 'A'}${id.slice(1)}`)).toBeUndefined();
    now += 61_000;
    expect(await sessions.find(id)).toBeUndefined();
    const again = await sessions.open({ principal: 'viewer', scopes: ['read'], tokenId: record.id, ttlMs: 60_000 });
    await store.revokeToken(record.id);
    expect(await sessions.find(again)).toBeUndefined();
    const person = await sessions.open({ principal: 'oidc:alice@example.test', scopes: ['read'], ttlMs: 60_000 });
    expect(await sessions.find(person)).toMatchObject({ principal: 'oidc:alice@example.test', scopes: ['read'] });
    await sessions.close(person);
    expect(await sessions.find(person)).toBeUndefined();
    const pending = await sessions.beginLogin({ state: 's', codeVerifier: 'v', nonce: 'n', next: '/images' }, 60_000);
    expect(await sessions.find(pending)).toBeUndefined();
    expect(await sessions.takeLogin(pending)).toEqual({ state: 's', codeVerifier: 'v', nonce: 'n', next: '/images' });
    expect(await sessions.takeLogin(pending)).toBeUndefined();
    expect(await sessions.prune()).toBeGreaterThan(0);
  });

  it('counts open findings once per data version, shows the previous count while a recount runs, and reports what changed since yesterday', async () => {
    const empty = await openCounts(store.driver, now);
    expect(empty.findings.high + empty.findings.critical).toBe(0);
    await store.ingestReport(syntheticReport({ findings: ['a', 'b', 'c', 'd', 'e'] }), { project: 'prod-eu', uploadedBy: 'ci' });
    const stale = await openCounts(store.driver, now);
    expect(stale.current).toBe(false);
    expect(stale.findings).toEqual(empty.findings);
    // The recount started behind the stale answer; the next view finds it done.
    await new Promise((done) => setTimeout(done, 50));
    const fresh = await openCounts(store.driver, now);
    expect(fresh.current).toBe(true);
    expect(fresh.findings).toMatchObject({ low: 1, medium: 1, high: 1, critical: 1, info: 1 });
    now += 2 * DAY;
    // Two findings gone from the next scan: fixed now.
    await store.ingestReport(syntheticReport({ findings: ['a', 'b', 'c'], vulnerabilities: ['CVE-2026-1'], image: undefined }), { project: 'prod-eu', uploadedBy: 'ci' });
    await store.ingestReport(syntheticReport({ vulnerabilities: ['CVE-2026-2', 'CVE-2026-3'], image: { name: 'registry.example/shop:1', digest: DIGEST_A } }), { uploadedBy: 'ci' });
    const changes = await changesSince(store.driver, now - DAY);
    expect(changes.fixedFindings).toEqual({ count: 2, more: false });
    expect(changes.newFindings).toEqual({ count: 0, more: false });
    expect(changes.newVulnerabilities).toEqual({ count: 3, more: false });
    expect(await changesSince(store.driver, now - 3 * DAY, 2)).toMatchObject({ newFindings: { count: 2, more: true } });
    const points = await trend(store.driver, 5, now);
    expect(points.map((p) => [p.findings, p.vulnerabilities])).toEqual([[0, 0], [0, 0], [5, 0], [5, 0], [3, 3]]);
    const namespaces = await findingsByNamespace(store.driver, 'prod-eu');
    expect(namespaces).toEqual([{ namespace: 'shop', counts: expect.objectContaining({ low: 1, medium: 1, high: 1 }), total: 3 }]);
    expect(await findingsByNamespace(store.driver, 'no-such-project')).toEqual([]);
  });

  it('pages admission decisions newest first with filters', async () => {
    await store.ingestAdmissionDecisions(Array.from({ length: 5 }, (_, i) => ({ cluster: i < 3 ? 'prod' : 'dev', namespace: 'shop', kind: 'Pod', name: `p${i}`, operation: 'CREATE', allowed: i % 2 === 0, rules: i % 2 ? ['k8s/privileged-container'] : [], images: [], decidedAt: now })));
    const first = await listAdmissionDecisions(store.driver, { cluster: 'prod' }, 2);
    expect(first.items.map((d) => d.name)).toEqual(['p2', 'p1']);
    const second = await listAdmissionDecisions(store.driver, { cluster: 'prod' }, 2, first.next);
    expect(second).toEqual({ items: [expect.objectContaining({ name: 'p0', allowed: true })] });
    expect((await listAdmissionDecisions(store.driver, { allowed: false }, 10)).items.map((d) => d.name)).toEqual(['p3', 'p1']);
  });
});

describe('safeNext', () => {
  it.each([
    ['/images?repository=x', '/images?repository=x'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/a b', '/'],
    [undefined, '/'],
  ])('%j -> %j', (given, expected) => expect(safeNext(given)).toBe(expected));
});
