// scanGitHistory over a synthetic 10,000-commit repository (~300 files, ~3 changed per commit, planted secrets):
// prints the scan time and peak RSS. The repository is built once with `git fast-import` in the temp directory and
// reused. Run `npm run build` first, then `node bench/secrets-git.js`. Uses every registered detector when the secrets
// engine is built, else a stub pattern.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scanGitHistory } from '../dist/checks/secrets/history/history.js';
import { seededRandom } from './support.js';

const COMMITS = 10_000;
const FILES = 300;
const CHANGES_PER_COMMIT = 3;
const LEAK_EVERY = 250;
const REPO = join(tmpdir(), `rampart-bench-secrets-git-v2-${COMMITS}`);

const { random, pick } = seededRandom(11);
const WORDS = ['replicas', 'image', 'port', 'timeout', 'retries', 'region', 'bucket', 'queue', 'owner', 'feature', 'limit', 'level'];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = (length) => Array.from({ length }, () => ALNUM[random(ALNUM.length)]).join('');

function fileContent(index, version) {
  const lines = [`# service ${index}, revision ${version}`];
  for (let i = 0; i < 60; i++) lines.push(`${pick(WORDS)}_${i}: ${pick(WORDS)}-${random(10_000)}`);
  return `${lines.join('\n')}\n`;
}

function leakContent(n) {
  return [
    `# leaked by mistake (${n})`,
    `DATABASE_URL=postgres://svc${n}:${token(20)}@db-${n}.internal:5432/app`,
    `STUB=SECRET_${token(20).toUpperCase()}`,
    '',
  ].join('\n');
}

async function buildRepository() {
  rmSync(REPO, { recursive: true, force: true });
  execFileSync('git', ['init', '-q', '-b', 'main', REPO]);
  const importer = spawn('git', ['-C', REPO, 'fast-import', '--quiet'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise((resolve, reject) => importer.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`)))));
  const write = (text) => (importer.stdin.write(text) ? undefined : new Promise((resolve) => importer.stdin.once('drain', resolve)));
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const versions = new Array(FILES).fill(0);
  for (let c = 1; c <= COMMITS; c++) {
    const time = 1_600_000_000 + c * 600;
    const author = `Dev ${random(25)}`;
    let commands = '';
    if (c === 1) {
      for (let f = 0; f < FILES; f++) commands += `M 100644 inline svc-${f % 20}/config-${f}.yaml\n${data(fileContent(f, 0))}`;
    } else {
      for (let k = 0; k < CHANGES_PER_COMMIT; k++) {
        const f = random(FILES);
        commands += `M 100644 inline svc-${f % 20}/config-${f}.yaml\n${data(fileContent(f, ++versions[f]))}`;
      }
    }
    const leakPath = (n) => `svc-${n % 20}/.env-${n}`;
    if (c % LEAK_EVERY === 0) commands += `M 100644 inline ${leakPath(c)}\n${data(leakContent(c))}`;
    // Two leaks in three are cleaned up 20 commits later; the rest stay at HEAD.
    const leaked = c - 20;
    if (leaked > 0 && leaked % LEAK_EVERY === 0 && leaked % (3 * LEAK_EVERY) !== 0) commands += `D ${leakPath(leaked)}\n`;
    const ident = `${author} <dev${random(25)}@example.invalid> ${time} +0000`;
    await write(`commit refs/heads/main\nmark :${c}\nauthor ${ident}\ncommitter ${ident}\n${data(`change ${c}`)}${c > 1 ? `from :${c - 1}\n` : ''}${commands}\n`);
  }
  importer.stdin.end();
  await done;
}

async function loadScan() {
  const engine = new URL('../dist/checks/secrets/search/index.js', import.meta.url);
  const detectors = new URL('../dist/checks/secrets/detectors/index.js', import.meta.url);
  if (existsSync(engine) && existsSync(detectors)) {
    const { scanSecrets } = await import(engine.href);
    const { DETECTORS } = await import(detectors.href);
    return { name: `${DETECTORS.length} registered detectors`, scan: (text) => scanSecrets(text, { detectors: DETECTORS }) };
  }
  const stub = { id: 'stub-secret', title: 'Stub', severity: 'high', keywords: ['secret_'], pattern: /SECRET_(?<secret>[A-Z0-9]{20})/g, remediation: '' };
  const scan = (text) => [...text.matchAll(stub.pattern)].map((m) => ({ detector: stub, secret: m.groups.secret, line: 1, column: 1, endLine: 1, endColumn: 1, confirmedBy: 'keyword', encodings: [] }));
  return { name: 'stub detector', scan };
}

const ready = existsSync(join(REPO, '.git')) && execFileSync('git', ['-C', REPO, 'rev-list', '--count', 'HEAD'], { encoding: 'utf8' }).trim() === String(COMMITS);
if (!ready) {
  const started = performance.now();
  await buildRepository();
  console.log(`built ${REPO} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const { name, scan } = await loadScan();
const started = performance.now();
const result = await scanGitHistory(REPO, { scan });
const seconds = (performance.now() - started) / 1000;
const byDetector = {};
for (const hit of result.hits) byDetector[hit.match.detector.id] = (byDetector[hit.match.detector.id] ?? 0) + 1;
console.log(JSON.stringify({
  detectors: name,
  ...result.stats,
  hits: result.hits.length,
  presentAtHead: result.hits.filter((hit) => hit.presentAtHead).length,
  byDetector,
  warnings: result.warnings.map((warning) => warning.message),
  seconds: Number(seconds.toFixed(2)),
  peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
}, null, 2));
