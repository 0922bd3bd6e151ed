// Compliance reports (src/checks/compliance/, src/formats/compliance/, src/services/pdf/): building the report of each
// framework from one scan's report, rendering it as HTML, JSON and a table, and printing the HTML to PDF with Chromium.
// The scan itself is not measured (bench/scan-once.js does that).
//
//   node bench/compliance.js [DIST]     DIST (or RAMPART_DIST): a build of src/ (default dist/), e.g. from
//                                       npx tsc -p tsconfig.build.json --outDir /tmp/rampart-dist
//   BENCH_OBJECTS=5000                  Deployments scanned (every other one careless: about 20 findings each)
//   BENCH_PDF_OBJECTS=200               Deployments in the report printed to PDF
//   BENCH_RUNS=5                        runs per measurement; the median is printed
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deployment } from './support.js';

const DIST = path.resolve(process.argv[2] ?? process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const load = (module) => import(pathToFileURL(path.join(DIST, module)).href);
const { scan } = await load('pipeline/full-scan.js');
const { buildComplianceReport } = await load('checks/compliance/index.js');
const { renderComplianceHtml, renderComplianceJson, renderComplianceTable } = await load('formats/compliance/index.js');
const { htmlToPdf } = await load('services/pdf/index.js');

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 5000);
const PDF_OBJECTS = Number(process.env.BENCH_PDF_OBJECTS ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const settings = { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] };

async function scanned(count) {
  const dir = await mkdtemp(path.join(tmpdir(), 'rampart-bench-compliance-'));
  try {
    const text = Array.from({ length: count }, (_, i) => JSON.stringify(deployment(i % 2 === 0, i))).join('\n---\n');
    await writeFile(path.join(dir, 'deployments.yaml'), text);
    const { report } = await scan({ paths: [dir], cwd: dir, exclude: [], settings, rules: {}, exemptions: [], ignoreEntries: [], strict: false });
    return report;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function median(run) {
  const times = [];
  let result;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], result };
}

const scope = { kinds: ['Deployment'] };
const report = await scanned(OBJECTS);
console.log(`scan report: ${OBJECTS} Deployments, ${report.findings.length} findings`);
for (const framework of ['nsa', 'cis', 'pss']) {
  const built = await median(() => buildComplianceReport(report, framework, { scope }));
  const html = await median(() => renderComplianceHtml(built.result));
  const json = await median(() => renderComplianceJson(built.result));
  const table = await median(() => renderComplianceTable(built.result));
  console.log(
    `${framework}: build ${built.ms.toFixed(1)} ms; html ${html.ms.toFixed(1)} ms (${(html.result.length / 1e6).toFixed(1)} MB); ` +
      `json ${json.ms.toFixed(1)} ms (${(json.result.length / 1e6).toFixed(1)} MB); table ${table.ms.toFixed(1)} ms`,
  );
}

const small = await scanned(PDF_OBJECTS);
const html = renderComplianceHtml(buildComplianceReport(small, 'cis', { scope }));
const pdf = await median(() => htmlToPdf(html));
const pages = (Buffer.from(pdf.result).toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
console.log(`pdf (cis, ${PDF_OBJECTS} Deployments, ${small.findings.length} findings): ${pdf.ms.toFixed(0)} ms, ${pages} pages, ${(pdf.result.length / 1e6).toFixed(2)} MB`);
