// Single-object evaluation, the admission webhook's path: one object per call, every rule on.
// For each workload it reports wall-clock and CPU-time percentiles of many calls after a warm-up, and the garbage
// collections the calls caused. The CPU-time figures are what to compare on a loaded machine: a call preempted by
// another process shows in wall time, not in CPU time.
//
//   node bench/evaluate.js [DIST]      DIST: a build of src/ (default dist/), e.g. from
//                                      npx tsc -p tsconfig.build.json --outDir /tmp/rampart-dist
//   BENCH_CALLS=20000 BENCH_ROUNDS=3   calls per round, and rounds per workload (each round is reported)
import { loadavg } from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { deployment, metadata, podSpec } from './support.js';

const DIST = path.resolve(process.argv[2] ?? new URL('../dist', import.meta.url).pathname);
const { createEvaluator } = await import(pathToFileURL(path.join(DIST, 'index.js')).href);
const { crc32Base62 } = await import(pathToFileURL(path.join(DIST, 'checks/secrets/detectors/checksum.js')).href);

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARM_UP = 2_000;
/** A made-up token in GitHub's classic format (checksum included), so the secret search has something to report. */
function githubStyleToken(i) {
  const random = `${i}`.padStart(8, '0').replace(/./g, (d) => 'kQ7xZp2Lm9'[Number(d)]) + 'Rt5Vw8Yb3Nc6Hd1Fg4Js0A';
  return `ghp_${random}${crc32Base62(random)}`;
}

/** A fresh object per call, as a webhook gets from each request's JSON body. */
const WORKLOADS = {
  'compliant Deployment': (i) => deployment(false, i),
  'careless Deployment': (i) => deployment(true, i),
  // What `kubectl run` sends: no security context at all.
  'bare Pod': (i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `debug-${i}`, namespace: 'shop', labels: { run: 'debug' } },
    spec: { containers: [{ name: 'debug', image: 'busybox:1.36', command: ['sleep', '3600'] }], restartPolicy: 'Always' },
  }),
  // The secret search over env values: one holds a credential.
  'Deployment, token in env': (i) => {
    const spec = podSpec(false, ['web', 'sidecar']);
    spec.containers[0].env.push({ name: 'GITHUB_TOKEN', value: githubStyleToken(i) });
    return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: metadata('web', i), spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec } } };
  },
  // Base64 values decoded per key, one of them a token.
  'Secret with a token': (i) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: metadata('vault', i),
    type: 'Opaque',
    data: {
      vaultkey: Buffer.from(githubStyleToken(i)).toString('base64'),
      username: Buffer.from('service-account').toString('base64'),
      'config.yaml': Buffer.from('endpoint: https://vault.shop.svc:8200\nretries: 3\n').toString('base64'),
    },
  }),
  'compliant CronJob': (i) => ({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata('report', i),
    spec: {
      schedule: '0 3 * * *',
      concurrencyPolicy: 'Forbid',
      jobTemplate: { spec: { backoffLimit: 2, template: { metadata: { labels: { app: 'report' } }, spec: { ...podSpec(false, ['report']), restartPolicy: 'OnFailure' } } } },
    },
  }),
};

let gcCount = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcCount++;
    gcMs += entry.duration;
  }
}).observe({ entryTypes: ['gc'] });

async function round(evaluate, make) {
  const wall = new Float64Array(CALLS);
  const cpu = new Float64Array(CALLS);
  let findings = 0;
  await gcReported();
  const gcBefore = { count: gcCount, ms: gcMs };
  for (let i = 0; i < CALLS; i++) {
    const object = make(i);
    const cpuStarted = process.cpuUsage();
    const started = performance.now();
    findings = evaluate(object).findings.length;
    wall[i] = performance.now() - started;
    const used = process.cpuUsage(cpuStarted);
    cpu[i] = (used.user + used.system) / 1000;
  }
  await gcReported();
  return { wall: percentiles(wall), cpu: percentiles(cpu), findings, gcs: gcCount - gcBefore.count, gcMs: gcMs - gcBefore.ms };
}

/** The observer hears of collections on a later turn of the event loop. */
const gcReported = () => new Promise((resolve) => setTimeout(resolve, 20));

function percentiles(samples) {
  samples.sort();
  const at = (q) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  return { median: at(0.5), p99: at(0.99), p999: at(0.999) };
}

const ms = (n) => n.toFixed(3);
const evaluate = createEvaluator({ settings: { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] } });
const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
console.log(`single-object evaluation: ${CALLS} calls a round, ${ROUNDS} rounds a workload, after ${WARM_UP} warm-up calls (node ${process.version}, ${DIST})`);
console.log(`load average at start: ${load()}; times in ms, wall (cpu)`);
for (const [name, make] of Object.entries(WORKLOADS)) {
  for (let i = 0; i < WARM_UP; i++) evaluate(make(i));
  for (let r = 1; r <= ROUNDS; r++) {
    const { wall, cpu, findings, gcs, gcMs: gcTime } = await round(evaluate, make);
    console.log(
      `${name.padEnd(20)} (${String(findings).padStart(2)} findings) round ${r}: ` +
        `median ${ms(wall.median)} (${ms(cpu.median)})  p99 ${ms(wall.p99)} (${ms(cpu.p99)})  p99.9 ${ms(wall.p999)} (${ms(cpu.p999)})  ` +
        `${gcs} GCs, ${ms(gcTime)} ms in GC (${(gcTime / gcs || 0).toFixed(2)} ms each)`,
    );
  }
}
console.log(`load average at end: ${load()}`);
