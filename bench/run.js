// `npm run bench`: manifest-scan throughput and memory, plus linearity across corpus sizes.
// Figures are medians of several fresh-process runs; report them as such, never as unit-test timings.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCorpus } from './corpus.js';
import { median, rampartArgs } from './support.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
// RAMPART_DIST measures another build (scan-once.js and the CLI), e.g. from `npx tsc -p tsconfig.build.json --outDir /tmp/x-dist`.
const DIST = process.env.RAMPART_DIST;

function measure(dir) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    samples.push(JSON.parse(execFileSync(process.execPath, [join(here, 'scan-once.js'), dir], { encoding: 'utf8' })));
  }
  return { ms: median(samples.map((s) => s.ms)), maxRssMiB: Math.max(...samples.map((s) => s.maxRssMiB)), sample: samples[0] };
}

function cliWall(dir) {
  const samples = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    try {
      execFileSync(process.execPath, rampartArgs(['scan', dir, '--format', 'json=/dev/null', '--fail-on', 'never']), { stdio: 'ignore' });
    } catch {
      // Exit code 3 would mean scan errors; the corpus has none, and the timing is what we want here.
    }
    samples.push(performance.now() - started);
  }
  return median(samples);
}

const root = mkdtempSync(join(tmpdir(), 'rampart-bench-'));
try {
  console.log(`manifest scan, median of ${RUNS} fresh-process runs (node ${process.version}${DIST ? `, ${resolve(DIST)}` : ''})`);
  const rows = [];
  for (const files of [250, 500, 1000]) {
    const dir = join(root, `c${files}`);
    const resources = writeCorpus(dir, files, 10);
    const result = measure(dir);
    rows.push({ files, resources, ...result });
    console.log(
      `  ${String(resources).padStart(6)} resources in ${String(files).padStart(4)} files: ${result.ms.toFixed(0).padStart(6)} ms in-process,` +
        ` ${(result.ms / resources * 1000).toFixed(1)} µs/resource, peak RSS ${result.maxRssMiB.toFixed(0)} MiB, ${result.sample.findings} findings`,
    );
  }
  const largest = rows.at(-1);
  console.log(`  CLI end to end (10,000 resources, 1,000 files, JSON to /dev/null): ${cliWall(join(root, 'c1000')).toFixed(0)} ms wall`);
  console.log(`  linearity: time per resource at 10,000 / at 2,500 = ${((largest.ms / largest.resources) / (rows[0].ms / rows[0].resources)).toFixed(2)}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
