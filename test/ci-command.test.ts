import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOsv } from '../src/checks/vulnerabilities/database/index.js';
import { checksummedToken } from '../src/checks/secrets/detectors/testing/tokens.js';
import { semgrepLog, codeqlLog } from '../src/parsers/sarif/testing/samples.js';
import { writeOciLayout } from '../src/sources/image/testing/oci-writer.js';
import { TestRepo, useTestRepos } from '../src/sources/git/testing/repo.js';
import { runCli, type JsonReport } from './helpers/cli.js';

const KEPT_TOKEN = checksummedToken('ghp_', 41);
const REMOVED_TOKEN = checksummedToken('ghp_', 42);
const OLD_TOKEN = checksummedToken('ghp_', 43);

const BAD_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        privileged: true
`;

type CiFinding = JsonReport['findings'][number] & { secret?: { redacted: string; presentAtHead?: boolean } };
type CiReport = Omit<JsonReport, 'findings'> & { findings: CiFinding[]; vulnerabilities: Array<{ id: string; suppressed?: unknown }> };

const newRepo = useTestRepos();

/**
 * A pull request on `main`: one commit adds a privileged Pod and a config file with a token, the next adds a second
 * token and the one after removes it again (so only the history has it); an older secret on `main` is outside the PR.
 */
function pullRequest(): TestRepo {
  const repo = newRepo();
  repo.write('README.md', '# shop\n');
  repo.write('old/notes.txt', `token ${OLD_TOKEN}\n`);
  repo.commit('base');
  repo.git('branch', 'base');
  repo.write('deploy/pod.yaml', BAD_POD);
  repo.write('config/app.env', `LOG_LEVEL=info\nGITHUB_TOKEN=${KEPT_TOKEN}\n`);
  repo.write('web/app.js', 'const x = 1;\n'.repeat(40));
  repo.commit('add the web pod');
  repo.write('scripts/publish.sh', `curl -H "Authorization: token ${REMOVED_TOKEN}" https://api.github.com/\n`);
  repo.commit('publish script');
  repo.remove('scripts/publish.sh');
  repo.commit('drop the token again');
  writeFileSync(join(repo.dir, 'semgrep.sarif'), JSON.stringify(semgrepLog([{ file: 'web/app.js', line: 12 }, { file: 'web/app.js', line: 30 }])));
  return repo;
}

async function ci(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return runCli(['ci', ...args], { cwd, env });
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const active = (report: CiReport) => report.findings.filter((f) => !f.suppressed);

describe('rampart ci on a pull request', () => {
  let repo: TestRepo;
  let run: Awaited<ReturnType<typeof ci>>;
  beforeAll(async () => {
    repo = pullRequest();
    run = await ci(['--since', 'base', '--import-sarif', 'semgrep.sarif', '--format', 'json=out/report.json', '--format', 'sarif=out/report.sarif', '--format', 'junit=out/junit.xml', '--format', 'markdown=out/summary.md', '--format', 'gitlab-sast=out/gl-sast-report.json'], repo.dir, { GITHUB_STEP_SUMMARY: join(repo.dir, 'out', 'step-summary.md') });
  });

  it('reports the source scan, the new commits\' secrets and the imported results in one report, and fails the gate', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = readJson<CiReport>(join(repo.dir, 'out/report.json'));
    expect(report.errors).toEqual([]);
    const byRule = (prefix: string) => report.findings.filter((f) => f.ruleId.startsWith(prefix));
    expect(byRule('k8s/').some((f) => f.location.file === 'deploy/pod.yaml' && f.fieldPath?.includes('privileged'))).toBe(true);
    const secrets = byRule('secret/');
    // The kept token once (the tree's finding, not again from history); the removed one from the PR's history only; the
    // token from before the PR from the tree (it is still there), not from history.
    expect(secrets.map((f) => [f.location.file, f.secret?.presentAtHead ?? null]).sort()).toEqual([
      ['config/app.env', null],
      ['old/notes.txt', null],
      ['scripts/publish.sh', false],
    ]);
    const imported = byRule('imported/');
    expect(imported.map((f) => [f.ruleId, f.location.file, f.location.startLine, f.severity])).toEqual([
      ['imported/semgrep-oss/javascript.browser.security.eval-detected.eval-detected', 'web/app.js', 12, 'medium'],
      ['imported/semgrep-oss/javascript.browser.security.eval-detected.eval-detected', 'web/app.js', 30, 'medium'],
    ]);
    // SARIF's rule catalogue knows the imported rule, as GitHub code scanning needs it to show the result.
    const sarif = readJson<{ runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri?: string }> } } }> }>(join(repo.dir, 'out/report.sarif'));
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === imported[0]!.ruleId)).toBeDefined();
  });

  it('the merged report keeps the JSON report contract (docs/report.schema.json)', () => {
    const schema = JSON.parse(readFileSync(new URL('../docs/report.schema.json', import.meta.url), 'utf8')) as object;
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    validate(readJson(join(repo.dir, 'out/report.json')));
    expect(validate.errors ?? []).toEqual([]);
  });

  it('never prints a secret, in any output', () => {
    for (const file of ['report.json', 'report.sarif', 'junit.xml', 'summary.md', 'gl-sast-report.json', 'step-summary.md']) {
      const text = readFileSync(join(repo.dir, 'out', file), 'utf8');
      for (const token of [KEPT_TOKEN, REMOVED_TOKEN, OLD_TOKEN]) expect(text, file).not.toContain(token);
    }
    expect(run.stdout).not.toContain(KEPT_TOKEN);
  });

  it('every output agrees on what was found', () => {
    const report = readJson<CiReport>(join(repo.dir, 'out/report.json'));
    const count = active(report).length;
    expect(count).toBeGreaterThanOrEqual(5);

    const sarif = readJson<{ runs: Array<{ results: Array<{ ruleId: string; suppressions?: unknown[] }> }> }>(join(repo.dir, 'out/report.sarif'));
    const sarifActive = sarif.runs.flatMap((r) => r.results).filter((r) => !r.suppressions || r.suppressions.length === 0);
    expect(sarifActive.map((r) => r.ruleId).sort()).toEqual(active(report).map((f) => f.ruleId).sort());

    const gitlab = readJson<{ vulnerabilities: Array<{ identifiers: Array<{ value: string }> }> }>(join(repo.dir, 'out/gl-sast-report.json'));
    expect(gitlab.vulnerabilities.map((v) => v.identifiers[0]!.value).sort()).toEqual(active(report).map((f) => f.ruleId).sort());

    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'testsuite' || name === 'testcase' });
    const junit = parser.parse(readFileSync(join(repo.dir, 'out/junit.xml'), 'utf8')) as { testsuites: { testsuite: Array<{ testcase: Array<{ '@_name': string; failure?: unknown }> }> } };
    const cases = junit.testsuites.testsuite.flatMap((suite) => suite.testcase);
    const failedRules = new Set(cases.filter((c) => c.failure !== undefined).map((c) => c['@_name'].split(' ')[0]));
    expect([...failedRules].sort()).toEqual([...new Set(active(report).map((f) => f.ruleId))].sort());

    const markdown = readFileSync(join(repo.dir, 'out/summary.md'), 'utf8');
    expect(markdown).toContain(`${count} findings and 0 vulnerabilities`);
    const rows = markdown.split('\n').filter((line) => /^\| (critical|high|medium|low|info) \|/.test(line));
    expect(rows).toHaveLength(count);
    const totals = markdown.split('\n').find((line) => line.startsWith('| Findings |'))!;
    expect(totals.split('|').slice(2, -1).map((cell) => Number(cell.trim())).reduce((a, b) => a + b, 0)).toBe(count);
  });

  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY, as a step summary must', async () => {
    const path = join(repo.dir, 'out', 'step-summary.md');
    const first = readFileSync(path, 'utf8');
    expect(first.trimEnd()).toBe(readFileSync(join(repo.dir, 'out/summary.md'), 'utf8').trimEnd());
    await ci(['--since', 'base', '--import-sarif', 'semgrep.sarif', '--quiet'], repo.dir, { GITHUB_STEP_SUMMARY: path });
    expect(readFileSync(path, 'utf8').split('## Rampart').length - 1).toBe(2);
  });
});

describe('rampart ci gate', () => {
  let repo: TestRepo;
  beforeAll(() => {
    repo = pullRequest();
  });

  const json = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = await ci([...args, '--format', 'json'], repo.dir, env);
    try {
      return { ...result, report: JSON.parse(result.stdout) as CiReport };
    } catch {
      throw new Error(`no JSON (exit ${result.code}): ${result.stderr}`);
    }
  };

  it('exits per --fail-on: 1 at the worst severity found, 0 above it or with never', async () => {
    const { report } = await json(['--since', 'base', '--import-sarif', 'semgrep.sarif', '--fail-on', 'never']);
    const order = ['info', 'low', 'medium', 'high', 'critical'];
    const worst = Math.max(...active(report).map((f) => order.indexOf(f.severity)));
    expect((await ci(['--since', 'base', '--import-sarif', 'semgrep.sarif', '--fail-on', order[worst]!, '-q'], repo.dir)).code).toBe(1);
    if (worst < order.length - 1) expect((await ci(['--since', 'base', '--import-sarif', 'semgrep.sarif', '--fail-on', order[worst + 1]!, '-q'], repo.dir)).code).toBe(0);
    expect((await ci(['--since', 'base', '--import-sarif', 'semgrep.sarif', '--fail-on', 'never', '-q'], repo.dir)).code).toBe(0);
  });

  it('the imported results alone trip the gate at their own severity', async () => {
    const log = join(repo.dir, 'codeql.sarif');
    writeFileSync(log, JSON.stringify(codeqlLog([{ file: 'web/app.js', line: 5 }])));
    const { code, report } = await json(['web', '--skip-secrets', '--import-sarif', 'codeql.sarif', '--fail-on', 'high']);
    expect(report.findings.map((f) => [f.ruleId, f.severity])).toEqual([['imported/codeql/js/sql-injection', 'high']]);
    expect(code).toBe(1);
  });

  it('the ignore file and --severity apply to imported results as to Rampart\'s own', async () => {
    writeFileSync(join(repo.dir, 'ignore.yaml'), 'ignores:\n  - rule: imported/*\n    path: web/*.js\n    reason: reviewed in Semgrep\n    expires: "2999-12-31"\n');
    const ignored = await json(['--since', 'base', '--import-sarif', 'semgrep.sarif', '--ignore-file', 'ignore.yaml']);
    const imported = ignored.report.findings.filter((f) => f.ruleId.startsWith('imported/'));
    expect(imported).toHaveLength(2);
    expect(imported.every((f) => f.suppressed?.kind === 'ignore-file' && f.suppressed.reason === 'reviewed in Semgrep')).toBe(true);
    const filtered = await json(['--since', 'base', '--import-sarif', 'semgrep.sarif', '--severity', 'high']);
    expect(filtered.report.findings.filter((f) => f.ruleId.startsWith('imported/'))).toEqual([]);
  });

  it('a baseline written by one run accepts every finding of the next, imported and historical ones included', async () => {
    const args = ['--since', 'base', '--import-sarif', 'semgrep.sarif'];
    const written = await ci([...args, '--baseline-write', 'baseline.json', '-q', '--fail-on', 'never'], repo.dir);
    expect(written.code).toBe(0);
    const next = await json([...args, '--baseline', 'baseline.json']);
    expect(next.code).toBe(0);
    expect(next.report.findings.length).toBeGreaterThan(0);
    expect(next.report.findings.every((f) => f.suppressed?.kind === 'baseline')).toBe(true);
  });

  it('a SARIF suppression (nosec, nosemgrep) is an inline suppression, void under --strict', async () => {
    const log = semgrepLog([{ file: 'web/app.js', line: 3 }]) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
    log.runs[0]!.results[0]!.suppressions = [{ kind: 'inSource', justification: 'input is a constant' }];
    writeFileSync(join(repo.dir, 'waived.sarif'), JSON.stringify(log));
    const lenient = await json(['web', '--skip-secrets', '--import-sarif', 'waived.sarif']);
    expect(lenient.report.findings.map((f) => f.suppressed)).toEqual([{ kind: 'inline', reason: 'Semgrep OSS: input is a constant' }]);
    expect(lenient.code).toBe(0);
    const strict = await json(['web', '--skip-secrets', '--import-sarif', 'waived.sarif', '--strict']);
    expect(strict.report.findings.map((f) => f.suppressed ?? null)).toEqual([null]);
    expect(strict.code).toBe(1);
  });

  it('a malformed SARIF log fails the run (exit 3) naming the file, and the rest is still reported', async () => {
    writeFileSync(join(repo.dir, 'broken.sarif'), '{"version": "2.1.0", "runs": [{"tool": {}}]}');
    const { code, report } = await json(['--since', 'base', '--import-sarif', 'broken.sarif']);
    expect(code).toBe(3);
    expect(report.errors).toEqual([{ file: 'broken.sarif', message: expect.stringMatching(/^not a usable SARIF 2\.1\.0 log: \$\.runs\[0\]\.tool\.driver: expected an object/) }]);
    expect(report.findings.some((f) => f.ruleId.startsWith('k8s/'))).toBe(true);
  });

  it('a SARIF log over the size limit is refused, not read in part', async () => {
    writeFileSync(join(repo.dir, 'huge.sarif'), ' '.repeat(64 * 1024 * 1024 + 1));
    const { code, report } = await json(['web', '--skip-secrets', '--import-sarif', 'huge.sarif']);
    expect(code).toBe(3);
    expect(report.errors[0]!.message).toMatch(/^not a usable SARIF 2\.1\.0 log: file is .*, over the .* limit$/);
    rmSync(join(repo.dir, 'huge.sarif'));
  });

  it('a FIFO named as a SARIF log is refused at once, never waited on', async () => {
    execFileSync('mkfifo', [join(repo.dir, 'pipe.sarif')]);
    const { code, report } = await json(['web', '--skip-secrets', '--import-sarif', 'pipe.sarif']);
    expect(code).toBe(3);
    expect(report.errors).toEqual([{ file: 'pipe.sarif', message: 'not a usable SARIF 2.1.0 log: not a regular file' }]);
    rmSync(join(repo.dir, 'pipe.sarif'));
  });

  it('usage errors exit 2', async () => {
    expect((await ci(['--import-sarif', 'missing.sarif'], repo.dir)).code).toBe(2);
    expect((await ci(['--since', 'base', '--skip-secrets'], repo.dir)).code).toBe(2);
    expect((await ci(['--image', 'a:1', '--image-input', 'x.tar'], repo.dir)).code).toBe(2);
    expect((await ci(['--platform', 'linux/arm64'], repo.dir)).code).toBe(2);
    expect((await ci(['--cluster'], repo.dir)).code).toBe(2);
  });

  it('an unknown --since revision is unreadable input, not a clean history', async () => {
    const { code, report } = await json(['--since', 'no-such-branch']);
    expect(code).toBe(3);
    expect(report.errors.length).toBeGreaterThan(0);
  });
});

describe('rampart ci --image-input', () => {
  let dir: string;
  let repo: TestRepo;
  beforeAll(async () => {
    repo = pullRequest();
    dir = mkdtempSync(join(tmpdir(), 'rampart-ci-image-'));
    await importOsv(join(import.meta.dirname, 'fixtures', 'osv'), join(dir, 'osv.sqlite'));
    await writeOciLayout(join(dir, 'layout'), [
      {
        ref: 'v1',
        image: {
          config: { Cmd: ['node', 'server.js'], ExposedPorts: { '22/tcp': {} } },
          layers: [{ createdBy: 'RUN /bin/sh -c npm ci --omit=dev # buildkit', entries: [{ path: 'app/node_modules/lodash/package.json', content: JSON.stringify({ name: 'lodash', version: '4.17.15' }) }] }],
        },
      },
    ]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the image\'s vulnerabilities and image-rule findings to the same report and gate', async () => {
    const result = await ci(['deploy', '--image-input', join(dir, 'layout'), '--db', join(dir, 'osv.sqlite'), '--format', 'json', '--format', `markdown=${join(dir, 'summary.md')}`], repo.dir);
    const report = JSON.parse(result.stdout) as CiReport & { target?: { type: string } };
    expect(report.errors).toEqual([]);
    expect(result.code).toBe(1);
    expect(report.target?.type).toBe('image');
    expect(report.vulnerabilities.length).toBeGreaterThan(0);
    expect(report.findings.some((f) => f.ruleId.startsWith('image/'))).toBe(true);
    expect(report.findings.some((f) => f.ruleId.startsWith('k8s/'))).toBe(true);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain(`and ${report.vulnerabilities.length} vulnerabilit`);
  });
});
