// `node bench/real-manifests.js`: the CLI end to end over a corpus shaped like real manifests (see real-corpus.js):
// about 10,000 resources in 7,000 files and 100 MB, with every rule and secret detection on, as a user runs it.
// Wall and CPU time are medians of BENCH_RUNS fresh processes (default 3); peak RSS is the largest of them. CPU time
// (user + system) moves less than wall time when other work shares the machine, but figures from a loaded machine are
// indicative only. BENCH_STACKS scales the corpus (default 22, about 10,000 resources). RAMPART_THREADS=0 checks every
// file in the scanning thread, the secret search included (compare with and without workers). Run `npm run build` first. RAMPART_DIST runs
// another build's module tree instead (see rampartArgs in support.js).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeRealCorpus } from './real-corpus.js';
import { median, rampartArgs } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const STACKS = Number(process.env.BENCH_STACKS ?? 22);
const DIST = process.env.RAMPART_DIST;

// Loaded before the CLI in the measured process: on exit it writes the process's own resource usage (peak RSS in KiB,
// CPU in µs) to a file, so the figures need neither GNU time nor parsing the CLI's stderr. Where Linux tells it, the
// scanning thread's own CPU time too: with worker threads (see src/pipeline/workers/) the process's CPU
// is spread over several threads, and the scanning thread's share bounds the wall time when cores are free.
const USAGE_HOOK =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { readFileSync, writeFileSync } from 'node:fs'; import { isMainThread } from 'node:worker_threads';" +
      'const mainThreadMs = () => { try { const f = readFileSync(\'/proc/thread-self/stat\', \'utf8\').split(\') \')[1].split(\' \'); return (Number(f[11]) + Number(f[12])) * 10; } catch { return undefined; } };' +
      // --import loads it in every worker thread too: the scanning thread's figures are the ones to keep.
      'if (isMainThread) process.on(\'exit\', () => writeFileSync(process.env.RAMPART_BENCH_USAGE_FILE, JSON.stringify({ ...process.resourceUsage(), mainThreadMs: mainThreadMs() })));',
  );

function runOnce(dir, usageFile) {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    ['--import', USAGE_HOOK, ...rampartArgs(['scan', dir, '--format', 'json=/dev/null', '--fail-on', 'never'])],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, RAMPART_BENCH_USAGE_FILE: usageFile }, maxBuffer: 64 * 1024 * 1024 },
  );
  const ms = performance.now() - started;
  // The corpus is valid, so anything but 0 means the measurement is of a failed scan and must not be reported.
  if (child.status !== 0) throw new Error(`rampart exited with ${child.status}: ${child.stderr.toString().slice(-2000)}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, mainThreadMs: usage.mainThreadMs, maxRssMiB: usage.maxRSS / 1024 };
}

const root = mkdtempSync(join(tmpdir(), 'rampart-bench-real-'));
try {
  const corpus = join(root, 'corpus');
  const totals = writeRealCorpus(corpus, STACKS);
  console.log(
    `real-manifest scan: ${totals.resources} resources in ${totals.files} files, ${(totals.bytes / 1024 / 1024).toFixed(1)} MB ` +
      `(CRDs, dashboards, PrometheusRules, RBAC, workloads, Secrets); CLI, JSON to /dev/null, all rules and secrets on`,
  );
  const samples = [];
  for (let i = 0; i < RUNS; i++) samples.push(runOnce(corpus, join(root, `usage-${i}`)));
  const ms = median(samples.map((s) => s.ms));
  const cpuMs = median(samples.map((s) => s.cpuMs));
  const rss = Math.max(...samples.map((s) => s.maxRssMiB));
  const mainThread = samples.every((s) => s.mainThreadMs !== undefined) ? `, ${median(samples.map((s) => s.mainThreadMs)).toFixed(0)} ms of it on the scanning thread` : '';
  const threads = process.env.RAMPART_THREADS === undefined ? 'workers: default' : `RAMPART_THREADS=${process.env.RAMPART_THREADS}`;
  const build = DIST ? `, ${resolve(DIST)}` : '';
  console.log(
    `  median of ${RUNS} fresh-process runs (node ${process.version}, ${threads}${build}): ${ms.toFixed(0)} ms wall, ` +
      `${cpuMs.toFixed(0)} ms CPU${mainThread}, ${((ms / totals.resources) * 1000).toFixed(0)} µs/resource, ` +
      `${(totals.bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MB/s, peak RSS ${rss.toFixed(0)} MiB`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
