// The server (src/services/server/): (a) ingest of one 5,000-finding report through the API (schema validation and
// the store's transaction), median of runs that each reopen, keep and fix findings; (b) list endpoints with
// 1,000,000 findings stored: p99 over many requests per filter, first pages and deeper cursor pages. Both databases:
// SQLite always, PostgreSQL when RAMPART_BENCH_POSTGRES names an empty database.
//
//   RAMPART_DIST=/tmp/server-dist node bench/server.js     a build of src/ (default ../dist)
//   RAMPART_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/bench
//   BENCH_FINDINGS=1000000                                 findings stored before the list benchmark
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './support.js';

const DIST = path.resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const load = (module) => import(pathToFileURL(path.join(DIST, module)).href);
const { Store } = await load('services/server/store/store.js');
const { openSqlite } = await load('services/server/store/sqlite.js');
const { openPostgres } = await load('services/server/store/postgres.js');
const { startApiServer } = await load('services/server/api/server.js');
const { pino } = await import('pino');

const TOTAL = Number(process.env.BENCH_FINDINGS ?? 1_000_000);
const PER_REPORT = 5_000;
const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];

function report(keys, vulnerabilities = 0) {
  const findings = keys.map((key, i) => ({
    ruleId: `k8s/rule-${i % 40}`, severity: SEVERITIES[i % 5], title: 'A rule', message: `container "app" of web-${i % 200} does something risky (${key})`,
    location: { file: `deploy/app-${i % 300}.yaml`, startLine: 1 + (i % 400), startColumn: 3, endLine: 1 + (i % 400), endColumn: 20 },
    fieldPath: 'spec.template.spec.containers[0].securityContext.privileged',
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: `web-${i % 200}` },
    controls: ['pss:baseline:privileged'], aliases: ['KSV017'], remediation: 'Set privileged to false.', fingerprint: `fp-${key}`,
  }));
  const vulns = Array.from({ length: vulnerabilities }, (_, i) => ({
    id: `CVE-2024-${i}`, aliases: [`GHSA-${i}`], advisories: [`GHSA-${i}`], summary: 'x', package: { name: `p${i}`, version: '1.0.0', ecosystem: 'npm', purl: `pkg:npm/p${i}@1.0.0` },
    locations: [{ file: 'package-lock.json' }], severity: { level: SEVERITIES[i % 5], source: 'CVSS_V3' }, fixedVersions: ['1.0.1'], fingerprint: `v-${i}`,
  }));
  const zero = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };
  return {
    schemaVersion: '1.2.0', tool: { name: 'rampart', version: '0.1.0' }, findings, vulnerabilities: vulns, errors: [],
    summary: { bySeverity: zero, files: 1, resources: 1, suppressed: 0, durationMs: 1, packages: vulnerabilities, vulnerabilities: { bySeverity: zero, suppressed: 0 } },
  };
}

async function request(base, method, url, token, body) {
  const response = await fetch(new URL(url, base), { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

const p99 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))];

async function bench(name, driver) {
  const store = new Store(driver);
  await store.migrate();
  const { token } = await store.createToken('bench', ['admin']);
  const serve = () => startApiServer({ store, address: '127.0.0.1', port: 0, insecureHttp: true, logger: pino({ level: 'silent' }) });
  let server = await serve();
  try {
    // (a) ingest: each run keeps 4,000 findings, fixes 1,000 and opens 1,000 new ones.
    const times = [];
    for (let run = 0; run < 7; run++) {
      const keys = Array.from({ length: PER_REPORT }, (_, i) => `ingest-${i + run * 1000}`);
      const body = JSON.stringify(report(keys, 200));
      const started = performance.now();
      await request(server.url, 'POST', '/api/v1/reports?project=ingest-bench', token, body);
      times.push(performance.now() - started);
    }
    console.log(`${name}: ingest of a ${PER_REPORT}-finding report (+200 vulnerabilities, ${(JSON.stringify(report(['x'])).length * PER_REPORT / 1e6).toFixed(1)} MB) over HTTP: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`);

    // (b) fill to TOTAL findings, 5,000 per project, through the store (the API path is measured above). The server
    // is restarted afterwards: keep-alive connections idle through the fill would be closed under the client.
    await server.close();
    const fillStart = performance.now();
    for (let project = 0; project * PER_REPORT < TOTAL; project++) {
      const keys = Array.from({ length: PER_REPORT }, (_, i) => `p${project}-${i}`);
      await store.ingestReport(report(keys), { project: `project-${project}`, uploadedBy: 'bench' });
    }
    console.log(`${name}: stored ${TOTAL} findings in ${((performance.now() - fillStart) / 1000).toFixed(0)} s`);
    if (driver.dialect === 'postgres') await driver.exec('ANALYZE');
    server = await serve();
    const queries = [
      '/api/v1/findings?limit=50',
      '/api/v1/findings?limit=50&severity=critical',
      '/api/v1/findings?limit=50&project=project-77',
      '/api/v1/findings?limit=50&rule=k8s/rule-13&status=all',
      '/api/v1/findings?limit=200&severity=high,critical',
      '/api/v1/vulnerabilities?limit=50',
      '/api/v1/reports?limit=50',
    ];
    for (const query of queries) {
      const samples = [];
      let cursor;
      for (let i = 0; i < 200; i++) {
        const url = cursor && i % 2 === 1 ? `${query}&cursor=${cursor}` : query;
        const started = performance.now();
        const page = await request(server.url, 'GET', url, token);
        samples.push(performance.now() - started);
        cursor = page.next ?? cursor;
      }
      console.log(`${name}: GET ${query} (and its next pages): p50 ${median(samples).toFixed(1)} ms, p99 ${p99(samples).toFixed(1)} ms`);
    }
  } finally {
    await server.close();
    await store.close();
  }
}

const dir = await mkdtemp(path.join(tmpdir(), 'rampart-bench-server-'));
try {
  await bench('sqlite', openSqlite(path.join(dir, 'server.db')));
  if (process.env.RAMPART_BENCH_POSTGRES) await bench('postgres', openPostgres(process.env.RAMPART_BENCH_POSTGRES));
} finally {
  await rm(dir, { recursive: true, force: true });
}
