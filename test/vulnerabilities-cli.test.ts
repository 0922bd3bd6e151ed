import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOsv } from '../src/vulnerabilities/database/index.js';
import { runCli } from './helpers/cli.js';

/** Real advisory shapes (GHSA, PYSEC, Debian) in test/fixtures/osv, imported as `rampart db import` would. */
const FIXTURES = join(import.meta.dirname, 'fixtures', 'osv');

interface Vulnerability {
  id: string;
  aliases: string[];
  advisories: string[];
  package: { name: string; version: string; ecosystem: string };
  locations: Array<{ file: string }>;
  severity: { level: string; score?: number; source: string };
  fixedVersions: string[];
  fingerprint: string;
  suppressed?: { kind: string; reason: string };
}

let dir: string;
let db: string;

const PACKAGE_LOCK = {
  name: 'shop',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'shop', version: '1.0.0', dependencies: { lodash: '^4.17.15' } },
    'node_modules/lodash': { version: '4.17.15', resolved: 'https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz', integrity: 'sha512-x' },
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-vulns-'));
  db = join(dir, 'osv.sqlite');
  await importOsv(FIXTURES, db);
  await writeFile(join(dir, 'package-lock.json'), JSON.stringify(PACKAGE_LOCK, null, 2));
  await writeFile(join(dir, 'requirements.txt'), 'requests==2.28.1\nflask>=2.0\n');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function scan(args: string[]) {
  const run = await runCli(['scan', '.', '--db', db, '--format', 'json', ...args], { cwd: dir });
  const report = JSON.parse(run.stdout) as { schemaVersion: string; vulnerabilities: Vulnerability[]; errors: Array<{ file: string; message: string; level?: string }>; summary: { packages: number; vulnerabilities: { bySeverity: Record<string, number>; suppressed: number } } };
  return { ...run, report };
}

describe('rampart scan: dependency vulnerabilities from lockfiles', () => {
  it('reports each flaw once per package, aliases merged, with severity and fixed versions, and fails the gate', async () => {
    const { code, report } = await scan([]);
    expect(code).toBe(1);
    expect(report.summary.packages).toBe(2);
    const byId = new Map(report.vulnerabilities.map((v) => [v.id, v]));
    expect([...byId.keys()].sort()).toEqual(['CVE-2020-8203', 'CVE-2021-23337', 'CVE-2023-32681']);

    const requests = byId.get('CVE-2023-32681')!;
    expect(requests.advisories).toEqual(['GHSA-j8r2-6x86-q33q', 'PYSEC-2023-74']);
    expect(requests.aliases).toEqual(expect.arrayContaining(['GHSA-j8r2-6x86-q33q', 'PYSEC-2023-74']));
    expect(requests.package).toMatchObject({ name: 'requests', version: '2.28.1', ecosystem: 'PyPI' });
    expect(requests.fixedVersions).toEqual(['2.31.0']);
    expect(requests.locations).toEqual([{ file: 'requirements.txt' }]);
    expect(requests.severity).toEqual({ level: 'medium', score: 6.1, source: 'CVSS_V3' });

    const template = byId.get('CVE-2021-23337')!;
    expect(template.severity).toEqual({ level: 'high', score: 7.2, source: 'CVSS_V3' });
    expect(template.fixedVersions).toEqual(['4.17.21']);
    expect(template.locations).toEqual([{ file: 'package-lock.json' }]);
  });

  it('warns about unpinned requirements instead of guessing their version', async () => {
    const { report } = await scan([]);
    const warning = report.errors.find((e) => e.file === 'requirements.txt');
    expect(warning).toMatchObject({ level: 'warning' });
    expect(warning!.message).toMatch(/1 entry was not checked.*flask>=2\.0/);
  });

  it('suppresses through the ignore file by CVE or alias, with reason and expiry, and through a baseline', async () => {
    await writeFile(
      join(dir, 'ignore.yaml'),
      'ignores:\n  - rule: GHSA-35jh-r3h4-6jhm\n    reason: template() is never called with user input\n    expires: 2099-01-01\n',
    );
    const ignored = await scan(['--ignore-file', 'ignore.yaml']);
    const template = ignored.report.vulnerabilities.find((v) => v.id === 'CVE-2021-23337')!;
    expect(template.suppressed).toEqual({ kind: 'ignore-file', reason: 'template() is never called with user input', expires: '2099-01-01' });
    expect(ignored.report.summary.vulnerabilities.suppressed).toBe(1);

    const written = await runCli(['scan', '.', '--db', db, '--baseline-write', 'baseline.json', '--format', 'json=/dev/null'], { cwd: dir });
    expect(written.code).toBe(1);
    const baseline = JSON.parse(await readFile(join(dir, 'baseline.json'), 'utf8')) as { findings: Array<{ ruleId: string }> };
    expect(baseline.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['CVE-2020-8203', 'CVE-2021-23337', 'CVE-2023-32681']));
    const again = await scan(['--baseline', 'baseline.json']);
    expect(again.code).toBe(0);
    expect(again.report.vulnerabilities.every((v) => v.suppressed?.kind === 'baseline')).toBe(true);
  });

  it('keeps the gate on severity: --fail-on critical passes high and medium vulnerabilities', async () => {
    const { code } = await scan(['--fail-on', 'critical']);
    expect(code).toBe(0);
  });

  it('only warns, without failing the scan, when no database exists yet', async () => {
    const run = await runCli(['scan', '.', '--db', join(dir, 'missing.sqlite'), '--format', 'json', '--fail-on', 'never'], { cwd: dir });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { errors: Array<{ message: string; level?: string }> };
    expect(report.errors).toContainEqual(expect.objectContaining({ level: 'warning', message: expect.stringMatching(/2 packages were inventoried.*rampart db update/) }));
  });

  it('--skip-dependencies leaves lockfiles alone', async () => {
    const { report } = await scan(['--skip-dependencies']);
    expect(report.summary.packages).toBe(0);
    expect(report.vulnerabilities).toEqual([]);
  });

  it('writes a report valid against the published schema, and SARIF, JUnit and table outputs carry the vulnerabilities', async () => {
    const { report } = await scan([]);
    const schema = JSON.parse(await readFile(join(import.meta.dirname, '..', 'docs', 'report.schema.json'), 'utf8')) as object;
    const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);

    const sarif = await runCli(['scan', '.', '--db', db, '--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties: Record<string, unknown> }> } }; results: Array<{ ruleId: string; locations: unknown[] }> }> };
    const rule = log.runs[0]!.tool.driver.rules.find((r) => r.id === 'CVE-2021-23337')!;
    expect(rule.properties['security-severity']).toBe('7.2');
    expect(log.runs[0]!.results.filter((r) => r.ruleId.startsWith('CVE-'))).toHaveLength(3);

    const junit = await runCli(['scan', '.', '--db', db, '--format', 'junit'], { cwd: dir });
    expect(junit.stdout).toContain('<testsuite name="vulnerabilities"');
    expect(junit.stdout).toMatch(/testcase classname="package-lock.json" name="lodash 4.17.15 \(npm\)"/);

    const table = await runCli(['scan', '.', '--db', db], { cwd: dir });
    expect(table.stdout).toContain('requests 2.28.1 (PyPI)');
    expect(table.stdout).toMatch(/HIGH\s+CVE-2021-23337 7\.2\s+fixed in 4\.17\.21/);
    expect(table.stdout).toMatch(/3 vulnerabilities \(2 high, 1 medium\) in 2 of 2 packages/);
  });
});
