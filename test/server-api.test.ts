import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../src/services/server/api/server.js';
import { openSqlite } from '../src/services/server/store/sqlite.js';
import { Store } from '../src/services/server/store/store.js';
import { selfSignedCertificate } from '../src/services/server/tls.js';
import { DIGEST_A, syntheticReport } from '../src/services/server/testing/reports.js';
import { runCli } from './helpers/cli.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => unknown;
}

function call(base: string, method: string, path: string, options: { token?: string; body?: string | Buffer; headers?: Record<string, string>; ca?: string } = {}): Promise<Answer> {
  const url = new URL(path, base);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((done, fail) => {
    const req = send(url, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.ca ? { ca: options.ca } : {}),
    }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        done({ status: response.statusCode ?? 0, headers: response.headers, text, json: () => JSON.parse(text) as unknown });
      });
    });
    req.on('error', fail);
    req.end(options.body);
  });
}

let dir: string;
let store: Store;
let server: ApiServer;
const tokens: Record<'read' | 'ingest' | 'admin', string> = { read: '', ingest: '', admin: '' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-api-'));
  store = new Store(openSqlite(join(dir, 'server.db')));
  await store.migrate();
  // Token 1 is the one the admin pass over every route (`DELETE /api/v1/tokens/1`) revokes.
  await store.createToken('sacrificed', ['read']);
  for (const scope of ['read', 'ingest', 'admin'] as const) tokens[scope] = (await store.createToken(`${scope}-token`, [scope])).token;
  server = await startApiServer({ store, address: '127.0.0.1', port: 0, insecureHttp: true, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await server?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const concrete = (url: string) => url.replace(':id', '1').replace(':digest', DIGEST_A);

describe('authorization', () => {
  it('answers 401 and no data on every route without a valid token', async () => {
    const guarded = server.routes.filter((route) => route.scope !== 'public');
    expect(guarded.length).toBeGreaterThan(15);
    for (const route of guarded) {
      for (const token of [undefined, 'rmp_not-a-real-token-at-all', tokens.read.slice(0, -1)]) {
        const answer = await call(server.url, route.method, concrete(route.url), { ...(token ? { token } : {}), ...(route.method === 'POST' ? { body: '{}' } : {}) });
        expect(answer.status, `${route.method} ${route.url}`).toBe(401);
        expect(answer.json()).toEqual({ error: 'unauthorized', reason: 'a valid bearer token is required' });
        expect(answer.headers['www-authenticate']).toBe('Bearer realm="rampart"');
      }
    }
    expect((await call(server.url, 'GET', '/no/such/path')).status).toBe(401);
  });

  it('serves the probes without a token', async () => {
    for (const route of server.routes.filter((r) => r.scope === 'public')) {
      expect((await call(server.url, route.method, route.url)).status).toBe(200);
    }
  });

  it('answers 403 when the token lacks the scope, and admin may do everything', async () => {
    for (const route of server.routes.filter((r) => r.scope !== 'public')) {
      const others = (['read', 'ingest'] as const).filter((scope) => scope !== route.scope);
      for (const scope of others) {
        const answer = await call(server.url, route.method, concrete(route.url), { token: tokens[scope], ...(route.method === 'POST' ? { body: '{}' } : {}) });
        expect(answer.status, `${scope} on ${route.method} ${route.url}`).toBe(403);
      }
      const admin = await call(server.url, route.method, concrete(route.url), { token: tokens.admin, ...(route.method === 'POST' ? { body: '{}' } : {}) });
      expect([200, 201, 202, 204, 400, 404], `admin on ${route.method} ${route.url}`).toContain(admin.status);
    }
  });

  it('stops a revoked token at once', async () => {
    const { token, record } = await store.createToken('short', ['read']);
    expect((await call(server.url, 'GET', '/api/v1/images', { token })).status).toBe(200);
    expect((await call(server.url, 'DELETE', `/api/v1/tokens/${record.id}`, { token: tokens.admin })).status).toBe(204);
    expect((await call(server.url, 'GET', '/api/v1/images', { token })).status).toBe(401);
  });
});

describe('ingest', () => {
  it('stores a valid report and lists its findings with ETags', async () => {
    const report = syntheticReport({ findings: ['one', 'two'], vulnerabilities: ['CVE-2024-77'], image: { name: 'registry.example/shop:1', digest: DIGEST_A } });
    const answer = await call(server.url, 'POST', '/api/v1/reports?project=shop&pullRequest=12&commit=abcdef1', { token: tokens.ingest, body: JSON.stringify(report) });
    expect(answer.status).toBe(201);
    expect(answer.json()).toMatchObject({ subject: `image:${DIGEST_A}`, findings: { stored: 2, new: 2, fixed: 0 }, vulnerabilities: { stored: 1, new: 1 } });
    const list = await call(server.url, 'GET', `/api/v1/findings?subject=image:${DIGEST_A}`, { token: tokens.read });
    expect(list.status).toBe(200);
    const body = list.json() as { items: Array<{ fingerprint: string; firstReport: number }> };
    expect(body.items.map((f) => f.fingerprint).sort()).toEqual(['fp-one', 'fp-two']);
    const etag = list.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await call(server.url, 'GET', `/api/v1/findings?subject=image:${DIGEST_A}`, { token: tokens.read, headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    const exposure = await call(server.url, 'GET', '/api/v1/exposure?vulnerability=CVE-2024-77', { token: tokens.read });
    expect(exposure.json()).toMatchObject({ items: [{ digest: DIGEST_A, vulnerabilities: ['CVE-2024-77'], introducedBy: { pullRequest: '12', commit: 'abcdef1', project: 'shop' } }] });
  });

  it('refuses invalid, oversized and malformed uploads with a 4xx and a reason, storing nothing', async () => {
    const before = (await store.listReports({}, { limit: 500 })).items.length;
    const invalid = syntheticReport({ findings: ['x'] }) as unknown as { findings: Array<Record<string, unknown>> };
    invalid.findings[0]!.severity = 'catastrophic';
    const cases: Array<[string, string | Buffer, Record<string, string>?]> = [
      ['schema violation', JSON.stringify(invalid)],
      ['missing sections', JSON.stringify({ schemaVersion: '1.2.0', tool: { name: 'rampart', version: '1' } })],
      ['future major', JSON.stringify({ ...syntheticReport({}), schemaVersion: '2.0.0' })],
      ['truncated JSON', JSON.stringify(syntheticReport({ findings: ['y'] })).slice(0, 100)],
      ['prototype key', '{"__proto__": {"admin": true}, "schemaVersion": "1.2.0"}'],
      ['not JSON at all', 'findings: []', { 'content-type': 'text/yaml' }],
      ['oversized', Buffer.alloc(65 * 1024 * 1024, 0x20)],
    ];
    for (const [name, body, headers] of cases) {
      const answer = await call(server.url, 'POST', '/api/v1/reports?project=bad', { token: tokens.ingest, body, ...(headers ? { headers } : {}) });
      expect(answer.status, name).toBeGreaterThanOrEqual(400);
      expect(answer.status, name).toBeLessThan(500);
      expect((answer.json() as { reason?: string; message?: string }).reason ?? (answer.json() as { message?: string }).message, name).toBeTruthy();
    }
    expect((await store.listReports({}, { limit: 500 })).items.length).toBe(before);
    const project = await call(server.url, 'GET', '/api/v1/findings?project=bad', { token: tokens.read });
    expect((project.json() as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses a forged cursor and an out-of-range limit', async () => {
    expect((await call(server.url, 'GET', '/api/v1/findings?cursor=Zm9yZ2Vk', { token: tokens.read })).status).toBe(400);
    expect((await call(server.url, 'GET', '/api/v1/findings?limit=100000', { token: tokens.read })).status).toBe(400);
  });

  it('stores a cluster inventory and an SBOM, refusing one that is not an SBOM', async () => {
    const inventory = { cluster: 'prod', workloads: [{ namespace: 'shop', kind: 'Deployment', name: 'web', container: 'app', image: 'registry.example/shop:1', digest: DIGEST_A }] };
    expect((await call(server.url, 'POST', '/api/v1/cluster-inventories', { token: tokens.ingest, body: JSON.stringify(inventory) })).status).toBe(201);
    const exposure = await call(server.url, 'GET', `/api/v1/exposure?digest=${DIGEST_A}`, { token: tokens.read });
    expect((exposure.json() as { items: Array<{ running: Array<{ name: string }> }> }).items[0]!.running.map((w) => w.name)).toEqual(['web']);
    const sbom = { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' }] };
    const stored = await call(server.url, 'POST', `/api/v1/sboms?digest=${DIGEST_A}&reference=registry.example/shop:1`, { token: tokens.ingest, body: JSON.stringify(sbom) });
    expect(stored.status).toBe(201);
    expect(stored.json()).toEqual({ digest: DIGEST_A, packages: 1 });
    const back = await call(server.url, 'GET', `/api/v1/images/${DIGEST_A}/sbom`, { token: tokens.read });
    expect(back.json()).toEqual(sbom);
    const notSbom = await call(server.url, 'POST', `/api/v1/sboms?digest=${DIGEST_A}`, { token: tokens.ingest, body: JSON.stringify({ hello: 'world' }) });
    expect(notSbom.status).toBe(400);
  });

  it('records suppressions with who and why', async () => {
    const created = await call(server.url, 'POST', '/api/v1/suppressions', { token: tokens.admin, body: JSON.stringify({ target: 'CVE-2024-77', reason: 'not reachable from the network' }) });
    expect(created.status).toBe(201);
    const listed = await call(server.url, 'GET', '/api/v1/vulnerabilities?id=CVE-2024-77', { token: tokens.read });
    expect((listed.json() as { items: Array<{ suppressed?: { createdBy: string; reason: string } }> }).items[0]!.suppressed).toMatchObject({ createdBy: 'admin-token', reason: 'not reachable from the network' });
  });
});

describe('documents', () => {
  it('publishes an OpenAPI document with every route and its scope', async () => {
    const answer = await call(server.url, 'GET', '/api/v1/openapi.json', { token: tokens.read });
    const document = answer.json() as { openapi: string; paths: Record<string, Record<string, { 'x-rampart-scope'?: string; security?: unknown[] }>> };
    expect(document.openapi).toBe('3.1.0');
    for (const route of server.routes) {
      const operation = document.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.url}`).toBeDefined();
      if (route.scope === 'public') expect(operation!.security).toEqual([]);
      else expect(operation!['x-rampart-scope']).toBe(route.scope);
    }
  });

  it('exposes Prometheus metrics to a read token', async () => {
    const answer = await call(server.url, 'GET', '/metrics', { token: tokens.read });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('rampart_server_requests_total');
  });
});

describe('TLS and the CLI', () => {
  it('serves HTTPS with a generated certificate that its CA verifies', async () => {
    const certificate = await selfSignedCertificate('127.0.0.1');
    const tlsServer = await startApiServer({ store, address: '127.0.0.1', port: 0, tls: { cert: certificate.cert, key: certificate.key }, logger: pino({ level: 'silent' }) });
    try {
      const base = tlsServer.url.replace('127.0.0.1', 'localhost');
      expect((await call(base, 'GET', '/healthz', { ca: certificate.ca })).status).toBe(200);
      await expect(call(base, 'GET', '/healthz')).rejects.toThrow(/self.signed|unable to verify|certificate/i);
    } finally {
      await tlsServer.close();
    }
  });

  it('`rampart scan --upload` sends the report with its CI context; a refused upload exits 3', async () => {
    const cwd = resolve(import.meta.dirname, '..', 'examples', 'demo-app');
    const env = { RAMPART_TOKEN: tokens.ingest, RAMPART_PROJECT: 'demo', RAMPART_COMMIT: '0123456789abcdef', RAMPART_PULL_REQUEST: '99' };
    const run = await runCli(['scan', '.', '--skip-dependencies', '--format', 'json', '--upload', server.url], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/report uploaded to .* \(report \d+\)/);
    const printed = JSON.parse(run.stdout) as { findings: Array<{ suppressed?: unknown }> };
    const stored = await store.listFindings({ project: 'demo', status: 'open' }, { limit: 500 });
    expect(stored.items.length).toBe(printed.findings.filter((f) => !f.suppressed).length);
    const reports = await store.listReports({ project: 'demo' }, { limit: 5 });
    expect(reports.items[0]).toMatchObject({ pullRequest: '99', commit: '0123456789abcdef', uploadedBy: 'ingest-token' });
    const refused = await runCli(['scan', '.', '--skip-dependencies', '--format', 'json', '--upload', server.url], { cwd, env: { ...env, RAMPART_TOKEN: tokens.read } });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('refused the upload (403');
    const noToken = await runCli(['scan', '.', '--upload', server.url], { cwd, env: { RAMPART_TOKEN: '' } });
    expect(noToken.code).toBe(2);
  });
});
