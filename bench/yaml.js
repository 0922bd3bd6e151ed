// `node bench/yaml.js`: the YAML readers alone over the real-manifest corpus (real-corpus.js, 103 MB): the block reader
// against js-yaml with the listener that gives positions, each the median of BENCH_RUNS passes (default 5) in one
// process, after one warm-up pass. Both must read every file alike: the benchmark fails if a value differs.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { readBlockYaml } from '../dist/parsers/kubernetes/block-yaml.js';
import { readWithJsYaml } from '../dist/parsers/kubernetes/yaml-fast.js';
import { writeRealCorpus } from './real-corpus.js';
import { median } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STACKS = Number(process.env.BENCH_STACKS ?? 22);

function texts(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...texts(path));
    else if (/\.ya?ml$/.test(name)) found.push(readFileSync(path, 'utf8'));
  }
  return found;
}

function timed(read, files) {
  const started = performance.now();
  let declined = 0;
  for (const text of files) if (read(text) === undefined) declined++;
  return { ms: performance.now() - started, declined };
}

const root = mkdtempSync(join(tmpdir(), 'rampart-bench-yaml-'));
try {
  writeRealCorpus(root, STACKS);
  const files = texts(root);
  const mb = files.reduce((sum, text) => sum + text.length, 0) / 1e6;
  for (const text of files) {
    if (!isDeepStrictEqual(readBlockYaml(text)?.values, readWithJsYaml(text)?.values)) throw new Error('the readers disagree on a corpus file');
  }
  const readers = { 'block reader': readBlockYaml, 'js-yaml with positions': readWithJsYaml };
  console.log(`YAML readers over ${files.length} files, ${mb.toFixed(1)} MB of text (real-manifest corpus), median of ${RUNS} passes (node ${process.version}):`);
  for (const [name, read] of Object.entries(readers)) {
    timed(read, files);
    const passes = Array.from({ length: RUNS }, () => timed(read, files));
    const ms = median(passes.map((p) => p.ms));
    console.log(`  ${name.padEnd(24)} ${ms.toFixed(0).padStart(6)} ms, ${(mb / (ms / 1000)).toFixed(0)} MB/s, ${passes[0].declined} files declined`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
