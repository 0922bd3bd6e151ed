// The admission webhook (src/services/admission/): (a) one in-process decision for a typical Deployment with every
// rule on, median and p99 over many decisions; (b) the HTTPS server on loopback with keep-alive under a fixed rate from
// autocannon, with p99 latency, errors and the server's peak RSS. The server runs in a child process so the RSS is
// its own, logging one JSON line per decision (to /dev/null) as it would in a cluster.
//
//   node bench/admission.js [DIST]      DIST: a build of src/ (default dist/), e.g. from
//                                       npx tsc -p tsconfig.build.json --outDir /tmp/rampart-dist
//   BENCH_CALLS=20000                   in-process decisions measured (after a warm-up)
//   BENCH_SECONDS=60                    duration of the HTTPS load
//   BENCH_RATE=1000                     requests per second over all connections
//   BENCH_CONNECTIONS=10                keep-alive connections (the API server keeps a few per webhook)
//   BENCH_VEGETA=/path/to/vegeta        also load the server with vegeta (github.com/tsenart/vegeta, built from the Go
//                                       module proxy; not installed on CI machines), an open-loop generator: it sends
//                                       each request at its scheduled time, 1 ms apart at 1,000/s, whatever came back.
//                                       autocannon's rate mode is closed-loop instead: each connection sends back to
//                                       back until it has made its share of the second, then waits for the next one,
//                                       so every second starts with a burst of 10 concurrent requests; and it corrects
//                                       for coordinated omission assuming a 1 ms interval per connection (its share is
//                                       one request every 10 ms), adding synthetic slow samples to every slow response.
import { execFile, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const serving = process.argv[2] === '--serve';
const DIST = path.resolve((serving ? process.argv[3] : process.argv[2]) ?? new URL('../dist', import.meta.url).pathname);
const load = (module) => import(pathToFileURL(path.join(DIST, module)).href);
const { createDecider, createWarmUpDecider, staticNamespaceLabels, startAdmissionServer } = await load('services/admission/index.js');
const { defaultAdmissionConfig } = await load('config/admission.js');

const settings = { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] };
const namespaces = staticNamespaceLabels({ shop: { 'kubernetes.io/metadata.name': 'shop' } });
const decider = () => createDecider({ config: defaultAdmissionConfig(), evaluator: { settings }, namespaces, ownNamespace: 'rampart-system' });

// The Deployments of support.js as kube-apiserver v1.37 sends them to a validating webhook: created with ?dryRun=All
// and copied from its answer, so with its defaults, its managedFields and its key order (the shapes V8 compiles for).
const ADMITTED = Object.fromEntries(['compliant', 'careless'].map((which) => [which, readFileSync(new URL(`testdata/admitted/deployment-${which}.json`, import.meta.url), 'utf8')]));

function deployment(careless, i) {
  const object = JSON.parse(ADMITTED[careless ? 'careless' : 'compliant']);
  object.metadata.name = `web-${i}`;
  return object;
}

/** An AdmissionRequest with the API server's fields, in its order. */
function admissionRequest(object, i) {
  const kind = { group: 'apps', version: 'v1', kind: 'Deployment' };
  const resource = { group: 'apps', version: 'v1', resource: 'deployments' };
  return {
    uid: `bench-${i}`,
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    name: object.metadata.name,
    namespace: 'shop',
    operation: 'CREATE',
    userInfo: { username: 'system:serviceaccount:argocd:argocd-application-controller', uid: '1d2c3b4a-0000-4000-8000-000000000001', groups: ['system:serviceaccounts', 'system:serviceaccounts:argocd', 'system:authenticated'] },
    object,
    oldObject: null,
    dryRun: false,
    options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'argocd-controller' },
  };
}

async function inProcess(careless, calls) {
  const validate = decider().validate;
  for (let i = 0; i < 2_000; i++) await validate(admissionRequest(deployment(careless, i), i));
  const samples = new Float64Array(calls);
  let allowed;
  const cpuAtStart = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const request = admissionRequest(deployment(careless, i), i);
    const started = performance.now();
    allowed = (await validate(request)).response.allowed;
    samples[i] = performance.now() - started;
  }
  const cpu = process.cpuUsage(cpuAtStart);
  samples.sort();
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: at(0.5), p99: at(0.99), cpuMs: (cpu.user + cpu.system) / 1000 / calls, allowed };
}

/** Vegeta's attack (keep-alive, at most `connections` connections) and its JSON report; latencies in ms. */
async function vegeta(binary, port, requests, seconds, rate, connections) {
  const targets = requests
    .map((r) => JSON.stringify({ method: r.method, url: `https://127.0.0.1:${port}${r.path}`, header: { 'Content-Type': [r.headers['content-type']] }, body: Buffer.from(r.body).toString('base64') }))
    .join('\n');
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-bench-vegeta-'));
  try {
    await writeFile(path.join(dir, 'targets.json'), `${targets}\n`);
    const run = (args) => new Promise((resolve, reject) => execFile(binary, args, { maxBuffer: 256 * 1024 * 1024, encoding: 'buffer' }, (error, stdout) => (error ? reject(error) : resolve(stdout))));
    const results = path.join(dir, 'results.bin');
    await run(['attack', '-format=json', `-targets=${path.join(dir, 'targets.json')}`, `-rate=${rate}/s`, `-duration=${seconds}s`, '-insecure', '-http2=false', `-connections=${connections}`, `-max-connections=${connections}`, '-timeout=10s', `-output=${results}`]);
    const report = JSON.parse((await run(['report', '-type=json', results])).toString('utf8'));
    const ms = (ns) => ns / 1e6;
    return { requests: report.requests, rate: report.rate, success: report.success, errors: report.errors ?? [], p50: ms(report.latencies['50th']), p99: ms(report.latencies['99th']), max: ms(report.latencies.max), perSecond: perSecondP99((await run(['encode', '--to', 'csv', results])).toString('utf8')) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The p99 of each second of a vegeta run (its CSV: start time in ns, status, latency in ns, ...): where in the run the
 * tail is, e.g. a backlog while the server's code is still cold.
 */
function perSecondP99(csv) {
  const rows = csv.trim().split('\n').map((line) => line.split(','));
  const start = Math.min(...rows.map((row) => Number(row[0])));
  const seconds = [];
  for (const row of rows) (seconds[Math.floor((Number(row[0]) - start) / 1e9)] ??= []).push(Number(row[2]) / 1e6);
  return seconds.map((latencies) => latencies.sort((a, b) => a - b)[Math.min(latencies.length - 1, Math.floor(0.99 * latencies.length))]);
}

async function overHttps(seconds, rate, connections, generator = 'autocannon') {
  const { createServingCertificate } = await load('services/admission/install/certificate.js');
  const { default: autocannon } = await import('autocannon');
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-bench-admission-'));
  const certificate = await createServingCertificate({ dnsNames: ['localhost'] });
  await writeFile(path.join(dir, 'tls.crt'), certificate.cert);
  await writeFile(path.join(dir, 'tls.key'), certificate.key, { mode: 0o600 });
  const child = fork(SELF, ['--serve', DIST, path.join(dir, 'tls.crt'), path.join(dir, 'tls.key')], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: process.env.BENCH_SERVER_NODE_OPTIONS ? process.env.BENCH_SERVER_NODE_OPTIONS.split(' ') : [] });
  const message = () => new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });
  try {
    const { port } = await message();
    const body = (careless, i) => JSON.stringify({ kind: 'AdmissionReview', apiVersion: 'admission.k8s.io/v1', request: admissionRequest(deployment(careless, i), i) });
    // Mostly compliant objects, one careless one in ten: a denial is a 200 answer like any other.
    const requests = Array.from({ length: 10 }, (_, i) => ({ method: 'POST', path: '/validate', headers: { 'content-type': 'application/json' }, body: body(i === 9, i) }));
    const result =
      generator === 'autocannon'
        ? await autocannon({ url: `https://127.0.0.1:${port}`, servername: 'localhost', connections, overallRate: rate, duration: seconds, requests })
        : await vegeta(generator, port, requests, seconds, rate, connections);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    const report = await message();
    await exited;
    return { result, report };
  } finally {
    if (child.exitCode === null) child.kill();
    await rm(dir, { recursive: true, force: true });
  }
}

const gcLine = (gc) => `${gc.major} full collections (${gc.majorMs.toFixed(1)} ms in all), ${gc.minor} young ones`;

async function main() {
  const calls = Number(process.env.BENCH_CALLS ?? 20_000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const rate = Number(process.env.BENCH_RATE ?? 1_000);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
  console.log(`admission webhook (node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  console.log(`(a) in-process validate of a Deployment with every rule on, ${calls} decisions after warm-up`);
  for (const careless of [false, true]) {
    const { median, p99, cpuMs, allowed } = await inProcess(careless, calls);
    console.log(`    ${careless ? 'careless (denied)  ' : 'compliant (allowed)'} median ${median.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, CPU ${cpuMs.toFixed(3)} ms per decision${allowed === careless ? ' UNEXPECTED VERDICT' : ''}`);
  }
  console.log(`(b) HTTPS /validate on loopback, keep-alive, ${connections} connections, ${rate} req/s for ${seconds} s (autocannon)`);
  const { result, report } = await overHttps(seconds, rate, connections);
  const errors = result.errors + result.timeouts + result.non2xx;
  console.log(`    ${result.requests.total} requests (${result.requests.average.toFixed(0)}/s), client latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms (1 ms resolution)`);
  console.log(`    errors ${errors} (connection ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`);
  const buckets = report.latency.filter((v) => v.metricName.endsWith('_bucket') && v.labels.endpoint === 'validate');
  const count = buckets.find((v) => v.labels.le === '+Inf')?.value ?? 0;
  const share = (le) => (buckets.find((v) => String(v.labels.le) === le)?.value ?? 0) / Math.max(1, count);
  console.log(`    server-side decisions: ${(share('0.002') * 100).toFixed(2)}% within 2 ms, ${(share('0.005') * 100).toFixed(2)}% within 5 ms, ${(share('0.01') * 100).toFixed(3)}% within 10 ms`);
  console.log(`    server CPU ${(report.cpuMs / Math.max(1, result.requests.total)).toFixed(3)} ms per request (TLS, HTTP, JSON, decision, log line), peak RSS ${(report.peakRssBytes / 1024 / 1024).toFixed(1)} MB, ${gcLine(report.gc)}`);
  const pass = result.latency.p99 < 10 && errors === 0 && report.peakRssBytes < 250 * 1024 * 1024;
  console.log(`    goal (p99 < 10 ms, zero errors, RSS < 250 MB): ${pass ? 'met' : 'NOT met'}`);
  if (process.env.BENCH_VEGETA) {
    console.log(`(c) the same with vegeta: open loop, one request every ${(1000 / rate).toFixed(1)} ms, at most ${connections} keep-alive connections`);
    const { result: v, report: server } = await overHttps(seconds, rate, connections, process.env.BENCH_VEGETA);
    const failed = v.requests - Math.round(v.success * v.requests);
    console.log(`    ${v.requests} requests (${v.rate.toFixed(0)}/s), client latency p50 ${v.p50.toFixed(2)} ms, p99 ${v.p99.toFixed(2)} ms, max ${v.max.toFixed(1)} ms; errors ${failed}${v.errors.length ? ` (${v.errors.slice(0, 3).join('; ')})` : ''}`);
    console.log(`    server CPU ${(server.cpuMs / Math.max(1, v.requests)).toFixed(3)} ms per request, peak RSS ${(server.peakRssBytes / 1024 / 1024).toFixed(1)} MB, ${gcLine(server.gc)}`);
    const firstSeconds = v.perSecond.slice(0, 5).map((p99) => p99.toFixed(1)).join(', ');
    const worstLater = Math.max(...v.perSecond.slice(5));
    console.log(`    p99 of each of the first 5 seconds: ${firstSeconds} ms; worst second after that: ${worstLater.toFixed(1)} ms`);
    const met = v.p99 < 10 && failed === 0 && server.peakRssBytes < 250 * 1024 * 1024;
    console.log(`    goal (p99 < 10 ms, zero errors, RSS < 250 MB): ${met ? 'met' : 'NOT met'}`);
  }
}

if (serving) {
  const [, , , , certFile, keyFile] = process.argv;
  // As `rampart admission serve` does by default (--warm-up 2000): reviews of its own before it reports ready.
  const reviews = Number(process.env.BENCH_WARM_UP ?? 2_000);
  const warmUp = reviews > 0 ? { decider: createWarmUpDecider({ config: defaultAdmissionConfig(), evaluator: { settings }, ownNamespace: 'rampart-system' }), requests: reviews } : undefined;
  const server = await startAdmissionServer({ decider: decider(), namespaces, tls: { certFile, keyFile }, port: 0, address: '127.0.0.1', ...(warmUp ? { warmUp } : {}) });
  const cpuAtStart = process.cpuUsage();
  // Full collections stop the event loop for milliseconds: counted over the load, warm-up excluded.
  const { PerformanceObserver, constants } = await import('node:perf_hooks');
  const gc = { major: 0, majorMs: 0, minor: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        gc.major += 1;
        gc.majorMs += entry.duration;
      } else if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor += 1;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  process.send({ port: server.port });
  process.on('message', async (message) => {
    if (message !== 'stop') return;
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    const cpu = process.cpuUsage(cpuAtStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const metrics = await server.metrics.registry.getSingleMetric('rampart_admission_decision_duration_seconds').get();
    await server.close();
    observer.disconnect();
    process.send({ peakRssBytes, cpuMs, latency: metrics.values, gc });
    process.exit(0);
  });
} else {
  await main();
}
