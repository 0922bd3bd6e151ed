// Start-up, end to end, as a pre-commit hook pays it: a new `node` process per run, wall-clock time to exit.
// Three commands: `scan` of one Dockerfile, `secrets --staged` in a git repository with one staged file (the
// pre-commit hook of .pre-commit-hooks.yaml), and `--version`. Each runs through bin/rampart.js (which loads the
// bundle when `npm run build` made one) and straight from the module tree (dist/cli/main.js, as before the bundle),
// next to `node -e 0`, the floor no Node.js tool gets under. Prints the median and the minimum of N runs in ms.
// Run `npm run build` first, then `node bench/startup.js [runs]`. RAMPART_DIST points to another build's dist
// (default ../dist); its package root (DIST/..) must hold bin/rampart.js and package.json, as a packed release does.
// BENCH_BASELINE=/path/to/other/dist adds the bundle cases of that build (e.g. an earlier commit's), run in the same
// rounds, to compare two builds on the same machine at the same time.
// Go peers side by side, when given (built from the Go module proxy for benchmarks only, never installed on CI
// machines): BENCH_GITLEAKS=/path/to/gitleaks adds `gitleaks git --staged` in the same repository (its pre-commit
// mode), BENCH_KUBE_SCORE=/path/to/kube-score adds `kube-score score` of the same manifests `scan manifests` reads.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { median } from './support.js';

const RUNS = Number(process.argv[2] ?? 15);
const DIST = resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const BIN = resolve(DIST, '../bin/rampart.js');
const DOCKERFILE = new URL('../examples/demo-app-hardened/Dockerfile', import.meta.url).pathname;
const MANIFESTS = ['deployment.yaml', 'service.yaml', 'ingress.yaml', 'network-policy.yaml'].map((f) => new URL(`../examples/demo-app-hardened/k8s/${f}`, import.meta.url).pathname);
if (!existsSync(BIN)) throw new Error(`no ${BIN}: build first (npm run build)`);

// One staged file in a fresh repository, for `secrets --staged`.
const repo = mkdtempSync(join(tmpdir(), 'rampart-startup-'));
const git = (...args) => execFileSync('git', ['-C', repo, ...args], { stdio: 'ignore' });
git('init', '-q');
copyFileSync(DOCKERFILE, join(repo, 'Dockerfile'));
writeFileSync(join(repo, 'app.js'), "export const greeting = 'hello';\n");
git('add', 'Dockerfile', 'app.js');

const fromTree = (args) => [
  '--input-type=module',
  '-e',
  `const { main } = await import(${JSON.stringify(pathToFileURL(join(DIST, 'cli/main.js')).href)}); process.exitCode = await main(${JSON.stringify(args)});`,
];

const cases = [
  ['node -e 0', ['-e', '0']],
  ['scan Dockerfile (bin)', [BIN, 'scan', DOCKERFILE]],
  ['scan Dockerfile (module tree)', fromTree(['scan', DOCKERFILE])],
  ['secrets --staged (bin)', [BIN, 'secrets', '--staged']],
  ['secrets --staged (module tree)', fromTree(['secrets', '--staged'])],
  ['--version (bin)', [BIN, '--version']],
  ['scan manifests (bin)', [BIN, 'scan', ...MANIFESTS]],
];
const BASELINE_BIN = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE, '../bin/rampart.js') : undefined;
if (BASELINE_BIN) {
  cases.push(
    ['scan Dockerfile (baseline)', [BASELINE_BIN, 'scan', DOCKERFILE]],
    ['secrets --staged (baseline)', [BASELINE_BIN, 'secrets', '--staged']],
    ['--version (baseline)', [BASELINE_BIN, '--version']],
  );
}
// Peers run as themselves, not through node.
const peers = [
  ...(process.env.BENCH_GITLEAKS ? [['gitleaks git --staged', process.env.BENCH_GITLEAKS, ['git', '--staged', '--no-banner', '--exit-code', '0', '.']]] : []),
  ...(process.env.BENCH_KUBE_SCORE ? [['kube-score score manifests', process.env.BENCH_KUBE_SCORE, ['score', '--exit-one-on-warning=false', ...MANIFESTS]]] : []),
];

// Round robin over the cases, so a slow spell of the machine falls on every case alike rather than on one.
const all = [...cases.map(([name, args]) => [name, process.execPath, args, [0]]), ...peers.map(([name, command, args]) => [name, command, args, [0, 1]])];
const times = all.map(() => []);
for (let i = 0; i < RUNS; i++) {
  all.forEach(([name, command, args, okStatus], index) => {
    const start = performance.now();
    const result = spawnSync(command, args, { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    times[index].push(performance.now() - start);
    if (!okStatus.includes(result.status)) throw new Error(`${name} exited ${result.status}: ${result.stderr}`);
  });
}
all.forEach(([name], index) => {
  console.log(`${name.padEnd(32)} median ${median(times[index]).toFixed(0).padStart(5)} ms   min ${Math.min(...times[index]).toFixed(0).padStart(5)} ms`);
});
rmSync(repo, { recursive: true, force: true });
