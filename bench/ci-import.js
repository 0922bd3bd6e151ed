// `rampart ci --import-sarif` at scale: a CodeQL-shaped SARIF log of 100,000 results over 2,000 files is written to the
// temp directory, imported (read, validated, mapped, suppressed, fingerprinted) and rendered as Markdown and as the
// GitLab SAST report. Prints each time and the peak RSS. Imports the compiled tree from $RAMPART_DIST (default
// ../dist): `RAMPART_DIST=/tmp/build node bench/ci-import.js`.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const dist = resolve(process.env.RAMPART_DIST ?? new URL('../dist', import.meta.url).pathname);
const load = (path) => import(pathToFileURL(join(dist, path)).href);
const { importSarif } = await load('services/ci/imported.js');
const { getFormatter } = await load('formats/index.js');

const RESULTS = 100_000;
const FILES = 2_000;
const RULES = ['js/sql-injection', 'js/xss', 'js/path-injection', 'js/command-line-injection', 'js/insecure-randomness'];

/** Built and written in a function, so the bench's own copy is garbage before the import starts. */
function writeLog(file) {
  const log = {
  version: '2.1.0',
  runs: [
    {
      tool: {
        driver: { name: 'CodeQL', semanticVersion: '2.19.3', rules: [] },
        extensions: [{ name: 'codeql/javascript-queries', rules: RULES.map((id, i) => ({ id, shortDescription: { text: `rule ${id}` }, defaultConfiguration: { level: 'error' }, properties: { 'security-severity': String(4 + i) } })) }],
      },
      results: Array.from({ length: RESULTS }, (_, i) => ({
        ruleId: RULES[i % RULES.length],
        rule: { id: RULES[i % RULES.length], index: i % RULES.length, toolComponent: { index: 0 } },
        message: { text: `This query depends on a [user-provided value](1) (${i}).` },
        locations: [{ physicalLocation: { artifactLocation: { uri: `src/module-${i % FILES}.js`, uriBaseId: '%SRCROOT%' }, region: { startLine: 1 + (i % 500), startColumn: 3, endColumn: 40 } } }],
        partialFingerprints: { primaryLocationLineHash: `${i.toString(16).padStart(16, '0')}:1` },
      })),
    },
  ],
  };
  writeFileSync(file, JSON.stringify(log));
}
const file = join(tmpdir(), 'rampart-bench-ci-import.sarif');
writeLog(file);

const policy = { exemptions: [], ignoreEntries: [{ rules: ['imported/*'], path: 'src/module-1*.js', reason: 'bench', source: { file: 'bench' } }], strict: false };
let started = performance.now();
const { report } = await importSarif({ files: [{ path: file, display: 'codeql.sarif' }], cwd: process.cwd(), policy, now: new Date() });
const importMs = performance.now() - started;
const options = { showSuppressed: false, color: false, cwd: process.cwd() };
started = performance.now();
const markdown = getFormatter('markdown').format(report, options);
const markdownMs = performance.now() - started;
started = performance.now();
const gitlab = getFormatter('gitlab-sast').format(report, options);
const gitlabMs = performance.now() - started;
rmSync(file);

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);
console.log(`import of ${RESULTS} results (${report.summary.suppressed} suppressed): ${importMs.toFixed(0)} ms`);
console.log(`markdown: ${markdownMs.toFixed(0)} ms, ${markdown.length} chars; gitlab-sast: ${gitlabMs.toFixed(0)} ms, ${mb(gitlab.length)} MB`);
console.log(`peak RSS: ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
