// `node bench/secrets-tree.js [PATH]`: `rampart secrets` over a real dependency tree, many small files, every detector on.
// Without PATH the tree is the project's own node_modules, copied to a temporary `deps/` with every nested node_modules
// renamed too, since the walk never enters a directory of that name; with PATH that tree is scanned where it is.
// Each run is a fresh process, once through the library (scanSecretFiles, timed around the call) and once as the CLI
// (the build's bin/rampart.js, JSON report to a file, timed over the whole process); CPU time (user + system) and wall
// time are medians of BENCH_RUNS runs (default 3), peak RSS the largest. MB/s is of the tree's regular files (binary
// ones included, as a user's tree has them) per second of CPU: the figure that holds on a loaded machine, where wall
// time does not.
// BENCH_DIST names the build to measure (default ../dist; run `npm run build` first). BENCH_BASELINE names a second
// build (e.g. of a git worktree at an earlier commit): its runs alternate with the first's, the CPU ratio is printed,
// and the benchmark fails unless both report the same findings.
import { spawnSync } from 'node:child_process';
import { cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './support.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SKIPPED = 'node_modules';

if (process.argv[2] === '--child') await child(process.argv[3], resolve(process.argv[4]), resolve(process.argv[5]), process.argv[6]);
else main();

/** One measured scan in this fresh process; its figures and findings go to `out` (JSON). */
async function child(mode, dist, dir, out) {
  const { writeFileSync } = await import('node:fs');
  const usage = () => process.cpuUsage();
  if (mode === 'lib') {
    const { scanSecretFiles } = await import(pathToFileURL(join(dist, 'pipeline', 'secret-sources.js')).href);
    const cpu = usage();
    const started = performance.now();
    const { report } = await scanSecretFiles({ paths: [dir], cwd: dir, exclude: [], rules: {}, settings: { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] }, exemptions: [], ignoreEntries: [], strict: false });
    const ms = performance.now() - started;
    const spent = process.cpuUsage(cpu);
    writeFileSync(out, JSON.stringify({ ms, cpuMs: (spent.user + spent.system) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024, files: report.summary.files, findings: findingKeys(report.findings) }));
    return;
  }
  // The build's own bin/rampart.js, as the rampart command runs it: it picks the bundle and sets the process up.
  const bin = join(dist, '..', 'bin', 'rampart.js');
  process.argv = [process.argv[0], bin, 'secrets', dir, '--format', `json=${out}.report`, '--fail-on', 'never', '--no-color'];
  await import(pathToFileURL(bin).href);
  const code = process.exitCode;
  if (code !== 0 && code !== 3) throw new Error(`rampart secrets exited with ${code}`);
  const report = JSON.parse(readFileSync(`${out}.report`, 'utf8'));
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  // The whole process, start-up included: what a user of the CLI pays.
  writeFileSync(out, JSON.stringify({ ms: process.uptime() * 1000, cpuMs: (userCPUTime + systemCPUTime) / 1000, maxRssMiB: maxRSS / 1024, files: report.summary.files, findings: findingKeys(report.findings) }));
}

/** What must not change when the search gets faster: which rule, where, and which secret (by fingerprint). */
function findingKeys(findings) {
  return findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}:${f.location.startColumn}-${f.location.endLine}:${f.location.endColumn} ${f.fingerprint} ${f.secret?.confirmedBy ?? ''}`).sort();
}

function main() {
  const given = process.argv[2];
  const runs = Number(process.env.BENCH_RUNS ?? 3);
  const builds = [['current', resolve(process.env.BENCH_DIST ?? join(here, '..', 'dist'))]];
  if (process.env.BENCH_BASELINE) builds.push(['baseline', resolve(process.env.BENCH_BASELINE)]);
  const work = mkdtempSync(join(tmpdir(), 'rampart-bench-tree-'));
  try {
    const dir = given ? resolve(given) : copyDependencies(join(here, '..', SKIPPED), join(work, 'deps'));
    const tree = treeSize(dir);
    console.log(`secrets over a real tree: ${given ? dir : 'the project\'s node_modules, copied as deps/'}: ${tree.files} files, ${(tree.bytes / 1e6).toFixed(1)} MB; runs: ${runs}`);
    const results = new Map();
    for (const mode of ['lib', 'cli']) {
      for (let i = 0; i < runs; i++) {
        // Alternated, so a change in the machine's load falls on both builds alike.
        for (const [name, dist] of builds) {
          const key = `${name} ${mode}`;
          if (!results.has(key)) results.set(key, []);
          results.get(key).push(runChild(mode, dist, dir, join(work, `${name}-${mode}-${i}.json`)));
        }
      }
    }
    const cpuOf = new Map();
    for (const [key, samples] of results) {
      const cpuMs = median(samples.map((s) => s.cpuMs));
      const ms = median(samples.map((s) => s.ms));
      cpuOf.set(key, cpuMs);
      const rss = Math.max(...samples.map((s) => s.maxRssMiB));
      console.log(
        `  ${key.padEnd(12)} ${samples[0].files} files, ${samples[0].findings.length} findings: CPU ${cpuMs.toFixed(0)} ms (${(tree.bytes / 1e6 / (cpuMs / 1000)).toFixed(0)} MB/s of CPU), ` +
          `wall ${ms.toFixed(0)} ms (${(tree.bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s), peak RSS ${rss.toFixed(0)} MiB`,
      );
    }
    if (builds.length > 1) {
      for (const mode of ['lib', 'cli']) console.log(`  ${mode}: current/baseline CPU ${(cpuOf.get(`current ${mode}`) / cpuOf.get(`baseline ${mode}`)).toFixed(2)}`);
      const differences = compareFindings(results.get('baseline lib')[0].findings, results.get('current lib')[0].findings);
      if (differences.length > 0) {
        console.log(`  findings differ from the baseline's:\n${differences.slice(0, 40).join('\n')}`);
        process.exitCode = 1;
      } else console.log('  findings: identical to the baseline\'s');
    }
    const [lib, cli] = [results.get('current lib'), results.get('current cli')];
    if (compareFindings(lib[0].findings, cli[0].findings).length > 0) {
      console.log('  the library and the CLI report different findings');
      process.exitCode = 1;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function runChild(mode, dist, dir, out) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, dist, dir, out], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, RAMPART_THREADS: process.env.RAMPART_THREADS ?? '0' },
  });
  if (child.status !== 0) throw new Error(`${mode} run of ${dist} failed (${child.status}): ${child.stderr.toString().slice(-2000)}`);
  return JSON.parse(readFileSync(out, 'utf8'));
}

function compareFindings(before, after) {
  const a = new Set(before);
  const b = new Set(after);
  return [...before.filter((k) => !b.has(k)).map((k) => `    - ${k}`), ...after.filter((k) => !a.has(k)).map((k) => `    + ${k}`)];
}

/** A copy of `from` at `to` with every directory the walk skips by name renamed, so all of it is read. */
function copyDependencies(from, to) {
  cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  const rename = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      let path = join(dir, entry.name);
      if (entry.name === SKIPPED) {
        renameSync(path, join(dir, 'deps'));
        path = join(dir, 'deps');
      }
      rename(path);
    }
  };
  rename(to);
  return to;
}

/** Regular files below `dir` (symbolic links not followed, nor counted). */
function treeSize(dir) {
  let files = 0;
  let bytes = 0;
  const visit = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile()) {
        files++;
        bytes += lstatSync(child).size;
      }
    }
  };
  visit(dir);
  return { files, bytes };
}
