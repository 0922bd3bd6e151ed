import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOsv } from '../src/checks/vulnerabilities/database/index.js';
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

  describe('without a vulnerability database', () => {
    const missingArgs = (format: string) => ['scan', '.', '--db', join(dir, 'missing.sqlite'), '--format', format, '--fail-on', 'never'];

    it('lists every lockfile as not checked in JSON, valid against the schema, and exits 3', async () => {
      const run = await runCli(missingArgs('json'), { cwd: dir });
      expect(run.code).toBe(3);
      const report = JSON.parse(run.stdout) as { unchecked?: Array<{ file: string; packages: number; reason: string }>; errors: Array<{ file: string; message: string; level?: string }> };
      expect(report.unchecked).toEqual([
        { file: 'package-lock.json', packages: 1, reason: expect.stringMatching(/^no vulnerability database at .*missing\.sqlite: run `rampart db update`/) },
        { file: 'requirements.txt', packages: 1, reason: expect.stringMatching(/^no vulnerability database/) },
      ]);
      for (const file of ['package-lock.json', 'requirements.txt'])
        expect(report.errors).toContainEqual({ file, message: expect.stringMatching(/^1 package was inventoried but not checked for vulnerabilities: no vulnerability database/) });
      const schema = JSON.parse(await readFile(join(import.meta.dirname, '..', 'docs', 'report.schema.json'), 'utf8')) as object;
      const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    });

    it('says so in the table instead of "No vulnerabilities"', async () => {
      const run = await runCli(missingArgs('table'), { cwd: dir });
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/2 package files \(2 packages\) not checked for vulnerabilities: no vulnerability database at .*: run `rampart db update`/);
      expect(run.stdout).not.toContain('No vulnerabilities');
      expect(run.stdout).toMatch(/error {3}package-lock\.json {2}1 package was inventoried but not checked/);
    });

    it('marks the SARIF invocation unsuccessful with a notification per lockfile', async () => {
      const run = await runCli(missingArgs('sarif'), { cwd: dir });
      expect(run.code).toBe(3);
      const invocation = (JSON.parse(run.stdout) as { runs: Array<{ invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }> }).runs[0]!.invocations[0]!;
      expect(invocation.executionSuccessful).toBe(false);
      const unchecked = invocation.toolExecutionNotifications.filter((n) => /inventoried but not checked/.test(n.message.text));
      expect(unchecked.map((n) => [n.level, n.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([
        ['error', 'package-lock.json'],
        ['error', 'requirements.txt'],
      ]);
    });

    it('gives JUnit an error case per lockfile', async () => {
      const run = await runCli(missingArgs('junit'), { cwd: dir });
      expect(run.code).toBe(3);
      expect(run.stdout).toMatch(/<testcase classname="package-lock.json" name="scan">\s*<error message="1 package was inventoried but not checked for vulnerabilities: no vulnerability database/);
      expect(run.stdout).toMatch(/<testcase classname="requirements.txt" name="scan">\s*<error /);
    });

    it('is no error with --skip-dependencies, nor for a tree without lockfiles', async () => {
      const skipped = await runCli([...missingArgs('json'), '--skip-dependencies'], { cwd: dir });
      expect(skipped.code).toBe(0);
      expect(JSON.parse(skipped.stdout)).not.toHaveProperty('unchecked');

      const empty = await mkdtemp(join(tmpdir(), 'rampart-no-locks-'));
      try {
        await writeFile(join(empty, 'notes.txt'), 'nothing to inventory\n');
        const run = await runCli(['scan', '.', '--db', join(empty, 'missing.sqlite'), '--format', 'json'], { cwd: empty });
        expect(run.code).toBe(0);
        const report = JSON.parse(run.stdout) as { errors: unknown[]; summary: { packages: number } };
        expect(report).not.toHaveProperty('unchecked');
        expect(report.errors).toEqual([]);
        expect(report.summary.packages).toBe(0);
      } finally {
        await rm(empty, { recursive: true, force: true });
      }
    });

    it('fails an --sbom check the same way, naming the SBOM', async () => {
      await writeFile(
        join(dir, 'bom.json'),
        JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components: [{ type: 'library', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' }] }),
      );
      const run = await runCli(['scan', '--sbom', 'bom.json', '--db', join(dir, 'missing.sqlite'), '--format', 'json'], { cwd: dir });
      expect(run.code).toBe(3);
      expect((JSON.parse(run.stdout) as { unchecked: unknown[] }).unchecked).toEqual([{ file: 'bom.json', packages: 1, reason: expect.stringMatching(/^no vulnerability database/) }]);
    });
  });

  it('fails the scan with exit 3 on a lockfile it cannot read, naming the file, instead of finding 0 packages', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'rampart-broken-lock-'));
    try {
      await writeFile(join(broken, 'Cargo.lock'), 'version = 3\n\n[[package]]\nname = "a"\nversion = "1.0.0"\ndependencies = [\n "b",\n');
      await writeFile(join(broken, 'Gemfile.lock'), '<html><body>404 Not Found</body></html>\n');
      await writeFile(join(broken, 'poetry.lock'), Buffer.from([0x5b, 0x5b, 0x00, 0xff, 0xfe, 0x00]));
      const run = await runCli(['scan', '.', '--db', db, '--format', 'json'], { cwd: broken });
      expect(run.code).toBe(3);
      const report = JSON.parse(run.stdout) as { errors: Array<{ file: string; line?: number; message: string; level?: string }> };
      expect(report.errors).toEqual(
        expect.arrayContaining([
          { file: 'Cargo.lock', line: 6, message: expect.stringMatching(/^rust\/cargo-lock: the file ends before the multi-line value/) },
          { file: 'Gemfile.lock', message: expect.stringMatching(/^ruby\/gemfile-lock: no Bundler section/) },
          { file: 'poetry.lock', message: expect.stringMatching(/binary content/) },
        ]),
      );
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
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
