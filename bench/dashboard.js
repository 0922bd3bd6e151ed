// The dashboard (src/services/server/dashboard/): server time of each page with 1,000,000 findings stored, the
// overview (the first page, goal < 300 ms) above all. Filled through the store in bulk as bench/server.js does: 200
// projects of 5,000 findings (a fifth of them fixed by a later report), 1,000 images with 30 vulnerabilities each,
// a 2,000-container cluster inventory and 10,000 admission decisions. Times are measured at the client over
// loopback, so they include HTTP and are an upper bound of the server's time.
//
//   npx tsc -p tsconfig.build.json --outDir /tmp/dashboard-dist
//   RAMPART_DIST=/tmp/dashboard-dist node bench/dashboard.js
//   RAMPART_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/bench   also on PostgreSQL (an empty database)
//   BENCH_FINDINGS=1000000
//   RAMPART_BENCH_DB=/tmp/dashboard.db                                 keep the SQLite fill there and reuse it next time
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
const IMAGES = 1_000;
const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];
const zero = { info: 0, low: 0, medium: 0, high: 0, critical: 0 };

function report({ keys = [], vulnerabilities = 0, image }) {
  const findings = keys.map((key, i) => ({
    ruleId: `k8s/rule-${i % 40}`, severity: SEVERITIES[i % 5], title: 'A rule', message: `container "app" of web-${i % 200} does something risky (${key})`,
    location: { file: `deploy/app-${i % 300}.yaml`, startLine: 1 + (i % 400), startColumn: 3, endLine: 1 + (i % 400), endColumn: 20 },
    resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: `team-${i % 30}`, name: `web-${i % 200}` },
    controls: [], aliases: [], remediation: 'Fix it.', fingerprint: `fp-${key}`,
  }));
  const vulns = Array.from({ length: vulnerabilities }, (_, i) => ({
    id: `CVE-2025-${1000 + i}`, aliases: [], advisories: [`CVE-2025-${1000 + i}`], summary: 'x', package: { name: `p${i}`, version: '1.0.0', ecosystem: 'npm', purl: `pkg:npm/p${i}@1.0.0` },
    locations: [{ file: 'package-lock.json' }], severity: { level: SEVERITIES[(i * 7) % 5], source: 'CVSS_V3' }, fixedVersions: ['1.0.1'], fingerprint: `v-${i}`,
  }));
  return {
    schemaVersion: '1.2.0', tool: { name: 'rampart', version: '0.1.0' }, ...(image ? { target: { type: 'image', name: image.name, digest: image.digest } } : {}),
    findings, vulnerabilities: vulns, errors: [],
    summary: { bySeverity: zero, files: 1, resources: 1, suppressed: 0, durationMs: 1, packages: vulnerabilities, vulnerabilities: { bySeverity: zero, suppressed: 0 } },
  };
}

const digestOf = (n) => `sha256:${n.toString(16).padStart(64, '0')}`;
const p99 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * 0.99))];

async function get(base, url, token) {
  const started = performance.now();
  const response = await fetch(new URL(url, base), { headers: { authorization: `Bearer ${token}`, accept: 'text/html' }, redirect: 'manual' });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${text.slice(0, 200)}`);
  return performance.now() - started;
}

async function fill(name, store) {
  const fillStart = performance.now();
  for (let project = 0; project * PER_REPORT < TOTAL; project++) {
    const keys = Array.from({ length: PER_REPORT }, (_, i) => `p${project}-${i}`);
    await store.ingestReport(report({ keys }), { project: `project-${project}`, uploadedBy: 'bench', pullRequest: String(project) });
  }
  // A later scan of every fifth project no longer has a fifth of its findings: they are fixed.
  for (let project = 0; project * PER_REPORT < TOTAL; project += 5) {
    const keys = Array.from({ length: PER_REPORT }, (_, i) => `p${project}-${i}`).slice(0, PER_REPORT * 0.8);
    await store.ingestReport(report({ keys }), { project: `project-${project}`, uploadedBy: 'bench' });
  }
  for (let i = 0; i < IMAGES; i++) await store.ingestReport(report({ vulnerabilities: 30, image: { name: `registry.example/app-${i}:1.0`, digest: digestOf(i + 1) } }), { uploadedBy: 'bench' });
  await store.ingestClusterInventory({
    cluster: 'prod', workloads: Array.from({ length: 2_000 }, (_, i) => ({ namespace: `team-${i % 30}`, kind: 'Deployment', name: `web-${i}`, container: 'app', image: `registry.example/app-${i % IMAGES}:1.0`, digest: digestOf((i % IMAGES) + 1) })),
  });
  const decidedAt = Date.now();
  for (let batch = 0; batch < 10; batch++) {
    await store.ingestAdmissionDecisions(Array.from({ length: 1_000 }, (_, i) => ({ cluster: 'prod', namespace: `team-${i % 30}`, kind: 'Deployment', name: `web-${i}`, operation: 'UPDATE', allowed: i % 9 !== 0, rules: i % 9 ? [] : ['k8s/privileged-container'], images: [], decidedAt })));
  }
  console.log(`${name}: stored ${TOTAL} findings, ${IMAGES * 30} vulnerabilities of ${IMAGES} images, 2,000 workloads and 10,000 admission decisions in ${((performance.now() - fillStart) / 1000).toFixed(0)} s`);
}

async function bench(name, driver) {
  const store = new Store(driver);
  await store.migrate();
  const { token } = await store.createToken('bench', ['read']);
  const [{ n }] = await driver.all('SELECT COUNT(*) AS n FROM reports');
  if (Number(n) === 0) await fill(name, store);
  if (driver.dialect === 'postgres') await driver.exec('VACUUM ANALYZE');
  const server = await startApiServer({ store, address: '127.0.0.1', port: 0, insecureHttp: true, logger: pino({ level: 'silent' }) });
  try {
    const pages = ['/', '/findings', '/findings?severity=critical&status=open', '/vulnerabilities', '/images', `/images/${digestOf(7)}`, '/clusters', '/clusters/prod', '/ci', '/admission?decision=denied', '/suppressions'];
    for (const page of pages) {
      const first = await get(server.url, page, token);
      const samples = [];
      for (let i = 0; i < 30; i++) samples.push(await get(server.url, page, token));
      console.log(`${name}: GET ${page}: first ${first.toFixed(0)} ms, then p50 ${median(samples).toFixed(0)} ms, p99 ${p99(samples).toFixed(0)} ms`);
    }
  } finally {
    await server.close();
    await store.close();
  }
}

const dir = await mkdtemp(path.join(tmpdir(), 'rampart-bench-dashboard-'));
try {
  await bench('sqlite', openSqlite(process.env.RAMPART_BENCH_DB ?? path.join(dir, 'server.db')));
  if (process.env.RAMPART_BENCH_POSTGRES) await bench('postgres', openPostgres(process.env.RAMPART_BENCH_POSTGRES));
} finally {
  await rm(dir, { recursive: true, force: true });
}
