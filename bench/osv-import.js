// OSV import throughput: copies the real Go + PyPI records of /work/shared/data/osv (or $OSV_DATA)
// under fresh ids until there are at least 100,000, imports them three times and prints the median
// records per second. Run `npm run build` first (or point RAMPART_DIST at another build), then
// `node bench/osv-import.js`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const { importOsv } = await import(pathToFileURL(join(dist, 'vulnerabilities/database/index.js')).href);

const DATA = process.env.OSV_DATA ?? '/work/shared/data/osv';
const TARGET = 100_000;
const RUNS = 3;

const originals = [];
for (const ecosystem of ['Go', 'PyPI']) {
  for (const file of readdirSync(join(DATA, ecosystem))) {
    if (file.endsWith('.json')) originals.push(JSON.parse(readFileSync(join(DATA, ecosystem, file), 'utf8')));
  }
}
const copies = Math.ceil(TARGET / originals.length);
const work = mkdtempSync(join(tmpdir(), 'rampart-osv-bench-'));
try {
  const source = join(work, 'records');
  for (let copy = 0; copy < copies; copy++) {
    const folder = join(source, `copy-${copy}`);
    mkdirSync(folder, { recursive: true });
    for (const record of originals) {
      const id = `${record.id}-R${copy}`;
      writeFileSync(join(folder, `${id}.json`), JSON.stringify({ ...record, id }));
    }
  }
  const total = copies * originals.length;
  const rates = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = await importOsv(source, join(work, 'osv.db'));
    const seconds = (performance.now() - started) / 1000;
    if (result.advisories !== total) throw new Error(`imported ${result.advisories} of ${total}`);
    rates.push(total / seconds);
    console.log(`run ${run + 1}: ${total} records in ${seconds.toFixed(2)} s (${Math.round(total / seconds)} records/s)`);
  }
  rates.sort((a, b) => a - b);
  console.log(`median: ${Math.round(rates[Math.floor(RUNS / 2)])} records/s over ${total} records`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
