// `rampart node`: the CIS control-plane and node checks on a kubeadm-shaped tree (the test fixture, copied with the
// modes a node has) plus every process of the live /proc, as the DaemonSet runs them. Goal: under 1 s.
//
//   RAMPART_DIST=/tmp/rampart-dist node bench/node-checks.js    a build of src/ (default dist/), e.g. from
//                                                               npx tsc -p tsconfig.build.json --outDir /tmp/rampart-dist
//   BENCH_RUNS=20                                               runs measured after one warm-up (median reported)
//
// The first run in a fresh process (module load included) is reported apart: a DaemonSet pays it once per start.
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIST = path.resolve(process.env.RAMPART_DIST ?? path.join(here, '../dist'));
const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const loadStarted = performance.now();
const { scanNode } = await import(pathToFileURL(path.join(DIST, 'pipeline/node.js')).href);
const { LATEST_PSS_VERSION } = await import(pathToFileURL(path.join(DIST, 'core/settings.js')).href);
const loadMs = performance.now() - loadStarted;

const root = mkdtempSync(path.join(tmpdir(), 'rampart-bench-node-'));
cpSync(path.join(here, '../test/fixtures/node/kubeadm'), root, { recursive: true });
(function modes(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    chmodSync(child, entry.isDirectory() ? 0o700 : 0o600);
    if (entry.isDirectory()) modes(child);
  }
})(root);

const options = {
  root,
  proc: '/proc',
  cwd: root,
  settings: { pss: { level: 'restricted', version: LATEST_PSS_VERSION }, allowedRegistries: [] },
  rules: {},
  exemptions: [],
  ignoreEntries: [],
  strict: false,
};
const run = () => {
  const started = performance.now();
  const result = scanNode(options);
  return { ms: performance.now() - started, result };
};
const first = run();
const samples = [];
for (let i = 0; i < RUNS; i++) samples.push(run().ms);
rmSync(root, { recursive: true, force: true });

const processes = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
const { summary, errors } = first.result.report;
console.log(
  JSON.stringify(
    {
      benchmark: 'node-checks',
      tree: 'test/fixtures/node/kubeadm (5 components, 30 files)',
      liveProcesses: processes,
      components: first.result.facts.components.length,
      filesChecked: summary.files,
      findings: first.result.report.findings.length,
      errors: errors.length,
      moduleLoadMs: Math.round(loadMs),
      firstRunMs: Math.round(first.ms),
      medianMs: Number(median(samples).toFixed(2)),
      runs: RUNS,
      loadavg: loadavg().map((l) => Number(l.toFixed(2))),
    },
    null,
    2,
  ),
);
