// One measured scan in a fresh process, so peak RSS belongs to this scan alone. RAMPART_DIST: another build's dist.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.RAMPART_DIST ? pathToFileURL(join(resolve(process.env.RAMPART_DIST), 'index.js')).href : '../dist/index.js';
const { scan, getFormatter } = await import(dist);

const dir = process.argv[2];
const started = performance.now();
const { report } = await scan({
  paths: [dir],
  cwd: process.cwd(),
  exclude: [],
  settings: { pss: { level: 'restricted', version: { major: 1, minor: 99 } }, allowedRegistries: [] },
  rules: {},
  exemptions: [],
  ignoreEntries: [],
  strict: false,
  render: { releaseName: 'release', valuesFiles: [], setValues: [], helmBinary: 'helm', kubectlBinary: 'kubectl', timeoutMs: 60_000 },
});
getFormatter('json').format(report, { showSuppressed: false, color: false });
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, resources: report.summary.resources, findings: report.findings.length, errors: report.errors.length }) + '\n');
