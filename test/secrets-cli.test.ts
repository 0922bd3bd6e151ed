import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { writeOciLayout, type WrittenLayout } from '../src/sources/image/testing/oci-writer.js';
import { checksummedToken } from '../src/checks/secrets/detectors/testing/tokens.js';
import { PRE_COMMIT_HOOKS_YAML } from '../src/checks/secrets/history/staged.js';
import { TestRepo, useGitWorkspace } from '../src/sources/git/testing/repo.js';
import { runCli, type JsonFinding, type JsonReport } from './helpers/cli.js';

interface SecretFinding extends JsonFinding {
  secret: {
    redacted: string;
    confirmedBy: string;
    encodings?: string[];
    commit?: { id: string; authorDate: string; author: string };
    presentAtHead?: boolean;
    layer?: { digest: string; createdBy?: string };
    deletedInLaterLayer?: boolean;
  };
}
type SecretReport = Omit<JsonReport, 'findings'> & { findings: SecretFinding[]; target?: { type: string; name: string } };

const GITHUB_TOKEN = checksummedToken('ghp_', 11);
const OLD_NPM_TOKEN = checksummedToken('npm_', 12);
const NEW_GITHUB_TOKEN = checksummedToken('ghp_', 13);
const ALLOWED_NPM_TOKEN = checksummedToken('npm_', 14);
const STAGED_TOKEN = checksummedToken('ghp_', 15);
const FIXTURE_TOKEN = checksummedToken('ghp_', 16);
const PASSWORD = 'Pz8wK4sN6vRt';
const DB_URL = `postgres://app:${PASSWORD}@db.internal:5432/shop`;
const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** A line from the middle of the key: the part that must never show up. */
const PEM_BODY_LINE = PEM.split('\n')[2]!;
const SECRET_BASE64 = Buffer.from(DB_URL).toString('base64');
const PLANTED = [GITHUB_TOKEN, OLD_NPM_TOKEN, NEW_GITHUB_TOKEN, ALLOWED_NPM_TOKEN, STAGED_TOKEN, FIXTURE_TOKEN, PASSWORD, PEM_BODY_LINE, SECRET_BASE64];

const workspace = useGitWorkspace('rampart-secrets-cli-');

function write(dir: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), content);
}

async function secretsJson(args: string[], cwd: string): Promise<{ code: number; report: SecretReport; stderr: string }> {
  const run = await runCli(['secrets', ...args, '--format', 'json'], { cwd });
  try {
    return { code: run.code, report: JSON.parse(run.stdout) as SecretReport, stderr: run.stderr };
  } catch {
    throw new Error(`secrets did not print JSON (exit ${run.code}): ${run.stderr || run.stdout}`);
  }
}

const summary = (findings: SecretFinding[]) => findings.map((f) => [f.ruleId, f.location.file, f.location.startLine, f.suppressed?.kind ?? null]);

describe('rampart secrets PATH', () => {
  let dir: string;
  beforeAll(() => {
    dir = join(workspace.root, 'files');
    write(dir, 'app/config.env', `LOG_LEVEL=debug\nGITHUB_TOKEN=${GITHUB_TOKEN}\n`);
    write(dir, 'keys/deploy.pem', PEM);
    write(dir, 'k8s/secret.yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  url: ${SECRET_BASE64}\n`);
    write(dir, 'docs/example.md', `Publish with:\n# rampart:allow secret/npm-access-token revoked demo token for the docs\nNPM_TOKEN=${ALLOWED_NPM_TOKEN}\n`);
    write(dir, 'scripts/seed.sh', `# rampart:allow secret/* fixture data of the test organisation\ncurl -H "Authorization: token ${FIXTURE_TOKEN}" https://api.github.com/\n`);
    write(dir, 'bin/tool', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), Buffer.from(GITHUB_TOKEN)]));
    write(dir, 'deploy/Dockerfile', 'FROM alpine:3.19\nUSER workspace.root\n');
    write(dir, '.rampartignore.yaml', 'ignores:\n  - rule: secret/private-key\n    path: keys/*.pem\n    reason: throwaway key of the local dev cluster\n    expires: "2999-12-31"\n');
  });

  it('reports only secrets: files, base64 in a Secret, allow comments and ignore-file entries, skipping binaries', async () => {
    const { code, report } = await secretsJson([], dir);
    expect(code).toBe(1);
    expect(summary(report.findings)).toEqual([
      ['secret/github-pat', 'app/config.env', 2, null],
      ['secret/npm-access-token', 'docs/example.md', 3, 'inline'],
      ['secret/url-credentials', 'k8s/secret.yaml', 6, null],
      ['secret/private-key', 'keys/deploy.pem', 1, 'ignore-file'],
      ['secret/github-pat', 'scripts/seed.sh', 2, 'inline'],
    ]);
    const [github, allowed, base64, pem] = report.findings;
    expect(github!.secret).toEqual({ redacted: `${GITHUB_TOKEN.slice(0, 4)}…${GITHUB_TOKEN.slice(-2)} (40 chars)`, confirmedBy: 'checksum' });
    expect(allowed!.suppressed).toEqual({ kind: 'inline', reason: 'revoked demo token for the docs' });
    expect(base64!.secret.encodings).toEqual(['base64']);
    expect(pem!.suppressed).toEqual({ kind: 'ignore-file', reason: 'throwaway key of the local dev cluster', expires: '2999-12-31' });
    // Dockerfile and Kubernetes rules do not run: `USER workspace.root` and the Secret are no findings here.
    expect(report.findings.every((f) => f.ruleId.startsWith('secret/'))).toBe(true);
  });

  it('applies --severity, --fail-on and --exclude like scan', async () => {
    const critical = await secretsJson(['--severity', 'critical'], dir);
    expect(summary(critical.report.findings)).toEqual([['secret/private-key', 'keys/deploy.pem', 1, 'ignore-file']]);
    expect(critical.code).toBe(0);
    const excluded = await secretsJson(['--exclude', 'app/**', '--exclude', 'k8s', '--fail-on', 'critical'], dir);
    expect(excluded.report.findings.map((f) => f.location.file)).toEqual(['docs/example.md', 'keys/deploy.pem', 'scripts/seed.sh']);
    expect(excluded.code).toBe(0);
    const stdin = await runCli(['secrets', '-', '--format', 'json'], { cwd: dir, stdin: `token: ${GITHUB_TOKEN}\n` });
    expect(summary((JSON.parse(stdin.stdout) as SecretReport).findings)).toEqual([['secret/github-pat', '<stdin>', 1, null]]);
  });
});

describe('rampart secrets --git and --staged', () => {
  let repo: TestRepo;
  let added: string;
  let leaked: string;

  beforeAll(() => {
    repo = new TestRepo(join(workspace.root, 'repo'));
    mkdirSync(repo.dir);
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'user.name', 'Test User');
    repo.git('config', 'user.email', 'test@example.invalid');
    repo.write('config.env', `GITHUB_TOKEN=${GITHUB_TOKEN}\n`);
    added = repo.commit('add config', { author: 'Alice Admin' });
    repo.write('old/.npmrc', `registry=https://registry.npmjs.org/\nTOKEN=${OLD_NPM_TOKEN}\n`);
    leaked = repo.commit('add npmrc', { author: 'Bob Builder' });
    repo.remove('old/.npmrc');
    repo.commit('remove the token');
  });

  it('finds every secret of the history, deleted ones included, with commit and presence at HEAD', async () => {
    const { code, report } = await secretsJson(['--git'], repo.dir);
    expect(code).toBe(1);
    expect(summary(report.findings)).toEqual([
      ['secret/github-pat', 'config.env', 1, null],
      ['secret/npm-access-token', 'old/.npmrc', 2, null],
    ]);
    const [present, removed] = report.findings;
    expect(present!.secret).toMatchObject({ commit: { id: added, author: 'Alice Admin' }, presentAtHead: true });
    expect(present!.message).toContain(`in commit ${added.slice(0, 12)}`);
    expect(present!.message).toContain('still present at HEAD');
    expect(removed!.secret).toMatchObject({ commit: { id: leaked, author: 'Bob Builder' }, presentAtHead: false });
    expect(removed!.secret.commit!.authorDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+02:00$/);
    expect(removed!.message).toContain(removed!.secret.commit!.authorDate);
    expect(removed!.message).toContain('removed from HEAD, still in history');

    // The identity is the secret's hash: the same secret at the same path has one fingerprint in files and history.
    const files = await secretsJson(['.'], repo.dir);
    expect(files.report.findings.map((f) => f.fingerprint)).toEqual([present!.fingerprint]);

    const fromOutside = await secretsJson(['--git', 'repo'], workspace.root);
    expect(fromOutside.report.findings.map((f) => f.location.file)).toEqual(['repo/config.env', 'repo/old/.npmrc']);
  });

  it('scans only REV..HEAD with --since, and reports an unknown revision', async () => {
    const since = await secretsJson(['--since', added], repo.dir);
    expect(summary(since.report.findings)).toEqual([['secret/npm-access-token', 'old/.npmrc', 2, null]]);
    const unknown = await secretsJson(['--since', 'no-such-branch'], repo.dir);
    expect(unknown.code).toBe(3);
    expect(unknown.report.errors[0]!.message).toContain('unknown revision "no-such-branch"');
  });

  it('keeps accepted historic leaks quiet through a baseline, in later history and file scans alike', async () => {
    const baseline = join(workspace.root, 'history-baseline.json');
    expect((await runCli(['secrets', '--git', '--baseline-write', baseline, '--format', 'json'], { cwd: repo.dir })).code).toBe(1);

    repo.write('deploy/values.yaml', `github:\n  token: ${NEW_GITHUB_TOKEN}\n`);
    const newLeak = repo.commit('add deploy values');
    const later = await secretsJson(['--git', '--baseline', baseline], repo.dir);
    expect(later.code).toBe(1);
    expect(summary(later.report.findings)).toEqual([
      ['secret/github-pat', 'config.env', 1, 'baseline'],
      ['secret/github-pat', 'deploy/values.yaml', 2, null],
      ['secret/npm-access-token', 'old/.npmrc', 2, 'baseline'],
    ]);
    expect(later.report.findings[1]!.secret.commit!.id).toBe(newLeak);

    const files = await secretsJson(['--baseline', baseline], repo.dir);
    expect(summary(files.report.findings)).toEqual([
      ['secret/github-pat', 'config.env', 1, 'baseline'],
      ['secret/github-pat', 'deploy/values.yaml', 2, null],
    ]);
  });

  it('--staged checks only what is about to be committed and fails the hook on a finding', async () => {
    expect((await secretsJson(['--staged'], repo.dir)).code).toBe(0);

    write(repo.dir, 'notes.txt', `unstaged ${STAGED_TOKEN}\n`); // in the work tree only
    repo.write('ci/release.sh', `#!/bin/sh\nexport GH_TOKEN=${STAGED_TOKEN}\n`);
    const staged = await secretsJson(['--staged'], repo.dir);
    expect(staged.code).toBe(1);
    expect(summary(staged.report.findings)).toEqual([['secret/github-pat', 'ci/release.sh', 2, null]]);
    expect(staged.report.findings[0]!.message).toContain('(staged)');
    expect(staged.report.summary.files).toBe(1);

    repo.write('ci/release.sh', `#!/bin/sh\n# rampart:allow secret/github-pat read-only token of the public mirror\nexport GH_TOKEN=${STAGED_TOKEN}\n`);
    const allowed = await secretsJson(['--staged'], repo.dir);
    expect(summary(allowed.report.findings)).toEqual([['secret/github-pat', 'ci/release.sh', 3, 'inline']]);
    expect(allowed.code).toBe(0);
    const table = await runCli(['secrets', '--staged', '--show-suppressed'], { cwd: repo.dir });
    for (const planted of PLANTED) expect(table.stdout).not.toContain(planted);
  });

  it('--staged reads the project’s shared rampart.yaml: its secret settings apply, other families’ rules and users’ policies are no error, a typo is', async () => {
    const project = new TestRepo(join(workspace.root, 'shared-config'));
    mkdirSync(project.dir);
    project.git('init', '-q', '-b', 'main');
    project.write('ci/release.sh', `#!/bin/sh\nexport GH_TOKEN=${STAGED_TOKEN}\n`);
    const config = (rules: string) => write(project.dir, 'rampart.yaml', `rules:\n${rules}`);

    config(`  k8s/pss-privileged:\n    enabled: false\n  DL3020:\n    severity: low\n  policy/team-labels:\n    enabled: false\n  secret/github-pat:\n    severity: low\n`);
    const shared = await secretsJson(['--staged'], project.dir);
    expect(shared.code).toBe(1);
    expect(shared.report.findings.map((f) => [f.ruleId, f.severity])).toEqual([['secret/github-pat', 'low']]);
    const sarif = JSON.parse((await runCli(['secrets', '--staged', '--format', 'sarif'], { cwd: project.dir })).stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } } }> };
    const catalogue = sarif.runs[0]!.tool.driver.rules.map((rule) => rule.id);
    expect(catalogue.length).toBeGreaterThan(100);
    expect(catalogue.filter((id) => !id.startsWith('secret/'))).toEqual([]);

    config(`  secret:github-pat:\n    enabled: false\n`);
    const off = await secretsJson(['--staged'], project.dir);
    // The token's own detector off, the assignment is still a generic secret (a former ID turned it off).
    expect(off.report.findings.map((f) => f.ruleId)).toEqual(['secret/generic-secret']);

    config(`  k8s/pss-privilegd:\n    enabled: false\n`);
    const typo = await runCli(['secrets', '--staged'], { cwd: project.dir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown rule "k8s/pss-privilegd"');
  });

  it('shows progress on a terminal', async () => {
    let stderr = '';
    let stdout = '';
    const io: CliIo = {
      cwd: repo.dir,
      env: { ...process.env, NO_COLOR: '1' },
      isTTY: true,
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      readStdin: async () => '',
    };
    expect(await main(['secrets', '--git', '--format', 'json', '--fail-on', 'never'], io)).toBe(0);
    expect(stderr).toMatch(/^\rrampart: \d+ commits?, \d+ files? read \(\d+ B\), \d+ secrets? found, \d+\.\d s/);
    expect(stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(JSON.parse(stdout).findings.length).toBeGreaterThan(0);
  });

  it('fails a repository whose objects are all unreadable (exit 3), never "0 files"', async () => {
    const broken = TestRepo.create('rampart-emptied-');
    broken.write('config.env', `GITHUB_TOKEN=${GITHUB_TOKEN}\n`);
    broken.commit('add config');
    for (const entry of readdirSync(join(broken.dir, '.git/objects'))) {
      if (/^[0-9a-f]{2}$/.test(entry)) rmSync(join(broken.dir, '.git/objects', entry), { recursive: true });
    }
    for (const mode of ['--git', '--staged']) {
      const run = await secretsJson([mode], broken.dir);
      expect(run.code, mode).toBe(3);
      expect(run.report.errors.map((e) => e.level ?? 'error'), mode).toContain('error');
    }
    expect((await secretsJson(['--git'], broken.dir)).report.errors[0]!.message).toMatch(/^HEAD names [0-9a-f]{40}, which cannot be read as a commit/);
    broken.destroy();
  });

  it('reports a directory that is no repository, and rejects mixed modes', async () => {
    mkdirSync(join(workspace.root, 'plain'), { recursive: true });
    const notRepo = await secretsJson(['--git', 'plain'], workspace.root);
    expect(notRepo.code).toBe(3);
    expect(notRepo.report.errors[0]).toMatchObject({ file: 'plain', message: expect.stringContaining('not a git repository') });
    for (const args of [['--git', '--staged'], ['--staged', '--image', 'x'], ['--git', 'a', 'b'], ['--image', 'x', 'path']]) {
      const run = await runCli(['secrets', ...args], { cwd: workspace.root });
      expect(run.code, args.join(' ')).toBe(2);
    }
  });
});

describe('rampart secrets --image / --input', () => {
  let written: WrittenLayout;
  const createdBy = `/bin/sh -c curl -fsSo /tmp/app.tgz https://deploy:${PASSWORD}@artifacts.example.com/app.tgz`;

  beforeAll(async () => {
    written = await writeOciLayout(join(workspace.root, 'layout'), [
      {
        ref: 'v1',
        image: {
          config: { Env: ['PATH=/usr/local/bin:/usr/bin:/bin', `GITHUB_TOKEN=${GITHUB_TOKEN}`], Cmd: ['app'] },
          layers: [
            {
              createdBy: 'COPY certs/ /etc/ssl/private/ # buildkit',
              entries: [
                { path: 'etc/ssl/private/app.key', content: PEM },
                { path: 'etc/app/app.conf', content: 'listen = 8080\n' },
                { path: 'usr/bin/app', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0]), Buffer.from(NEW_GITHUB_TOKEN)]) },
              ],
            },
            {
              createdBy,
              entries: [
                { path: 'etc/ssl/private/app.key', whiteout: true },
                { path: 'srv/.npmrc', content: `//registry.npmjs.org/:_authToken=${OLD_NPM_TOKEN}\n` },
              ],
            },
          ],
        },
      },
    ]);
  });

  it('finds secrets in every layer, deleted files included, and in the config Env and build history', async () => {
    const { code, report } = await secretsJson(['--input', 'layout'], workspace.root);
    expect(code).toBe(1);
    expect(report.target).toMatchObject({ type: 'image', name: 'layout' });
    expect(summary(report.findings)).toEqual([
      ['secret/private-key', 'etc/ssl/private/app.key', 1, null],
      ['secret/github-pat', 'layout#config', 2, null],
      ['secret/url-credentials', 'layout#history', 2, null],
      ['secret/npm-access-token', 'srv/.npmrc', 1, null],
    ]);
    const [key, , , npmrc] = report.findings;
    expect(key!.secret).toMatchObject({ layer: { digest: written.images[0]!.layerDigests[0], createdBy: expect.stringMatching(/^COPY certs\/ \/etc\/ssl\/private\//) }, deletedInLaterLayer: true });
    expect(key!.message).toContain('deleted by a later layer but still in the image');
    // The build step holds a password itself: shown redacted.
    expect(npmrc!.secret).toMatchObject({ layer: { digest: written.images[0]!.layerDigests[1], createdBy: expect.stringMatching(/^RUN curl .*https:\/\/deploy:P… \(12 chars\)@artifacts/) }, deletedInLaterLayer: false });
    expect(npmrc!.message).not.toContain('deleted');
    expect(JSON.stringify(report)).not.toContain(PASSWORD);
    expect(JSON.stringify(report)).not.toContain(PEM_BODY_LINE);
  });

  it('skips files over --max-file-size with a warning, and reports an unreadable image', async () => {
    const small = await secretsJson(['--input', 'layout', '--max-file-size', '100'], workspace.root);
    expect(small.report.findings.map((f) => f.location.file)).not.toContain('etc/ssl/private/app.key');
    expect(small.report.errors).toEqual([expect.objectContaining({ file: 'layout', level: 'warning', message: expect.stringContaining('etc/ssl/private/app.key (layer 1)') })]);

    const missing = await secretsJson(['--input', 'no-such-layout'], workspace.root);
    expect(missing.code).toBe(3);
    expect(missing.report.errors).toHaveLength(1);
  });
});

describe('secrets are never printed in full', () => {
  it('in any format, from files, history, staged changes and images', async () => {
    const sources: Array<[string, string[]]> = [
      [join(workspace.root, 'files'), ['.']],
      [join(workspace.root, 'repo'), ['--git']],
      [join(workspace.root, 'repo'), ['--staged']],
      [workspace.root, ['--input', 'layout']],
    ];
    for (const [cwd, args] of sources) {
      for (const format of ['table', 'json', 'sarif', 'junit']) {
        const run = await runCli(['secrets', ...args, '--format', format, '--show-suppressed', '--fail-on', 'never'], { cwd });
        const what = `${args.join(' ')} --format ${format}`;
        expect(run.code, what).toBe(0);
        expect(run.stdout, what).toMatch(/ghp_|npm_|secret\/private-key/);
        for (const planted of PLANTED) expect(run.stdout, `${what} leaks ${planted.slice(0, 6)}`).not.toContain(planted);
      }
    }
  });
});

describe('pre-commit hook manifest', () => {
  it('.pre-commit-hooks.yaml at the repository workspace.root is the published constant', () => {
    expect(readFileSync(new URL('../.pre-commit-hooks.yaml', import.meta.url), 'utf8').startsWith(PRE_COMMIT_HOOKS_YAML)).toBe(true);
  });
});
