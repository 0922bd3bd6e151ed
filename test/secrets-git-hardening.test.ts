import { chmodSync, existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksummedToken } from '../src/checks/secrets/detectors/testing/tokens.js';
import { git } from '../src/sources/git/git-command.js';
import { TestRepo, useGitWorkspace } from '../src/sources/git/testing/repo.js';
import { runCli, type JsonReport } from './helpers/cli.js';

/**
 * A scanned repository's own config names programs git would run: none of them may start during `rampart secrets
 * --git`, `--since` or `--staged`. Each trap appends its name to a log; the test first proves every trap fires under
 * plain git, so a passing scan means the scan disarmed it, not that the trap was broken.
 */

const COMMITTED_TOKEN = checksummedToken('ghp_', 41);
const STAGED_TOKEN = checksummedToken('ghp_', 42);

const workspace = useGitWorkspace('rampart-git-traps-');

class Traps {
  readonly log: string;
  private readonly dir: string;

  constructor(name: string) {
    this.dir = join(workspace.root, `${name}-traps`);
    this.log = join(workspace.root, `${name}-fired.log`);
    mkdirSync(this.dir);
  }

  /** A program that records that it ran; `as` names it (hooks must carry the hook's name). */
  program(trap: string, as = trap): string {
    const path = join(this.dir, as);
    writeFileSync(path, `#!/bin/sh\necho ${trap} >> '${this.log}'\n`);
    chmodSync(path, 0o755);
    return path;
  }

  hooksDir(hooks: string[]): string {
    for (const hook of hooks) this.program(`hook:${hook}`, hook);
    return this.dir;
  }

  fired(): string[] {
    return existsSync(this.log) ? [...new Set(readFileSync(this.log, 'utf8').split('\n').filter(Boolean))].sort() : [];
  }

}

async function secrets(args: string[], cwd: string): Promise<{ code: number; report: JsonReport }> {
  const run = await runCli(['secrets', ...args, '--format', 'json'], { cwd });
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

/** A commit with a (fake) signature header, so `log.showSignature` has something to verify. */
function signedCommit(repo: TestRepo, message: string): string {
  const tree = repo.git('rev-parse', 'HEAD^{tree}').trim();
  const parent = repo.git('rev-parse', 'HEAD').trim();
  const ident = 'Test User <test@example.invalid> 1700000000 +0000';
  const signature = ['-----BEGIN PGP SIGNATURE-----', '', 'iQEzBAABCAAdFiEE', '-----END PGP SIGNATURE-----'].join('\n ');
  const body = `tree ${tree}\nparent ${parent}\nauthor ${ident}\ncommitter ${ident}\ngpgsig ${signature}\n\n${message}\n`;
  const file = join(workspace.root, 'commit.txt');
  writeFileSync(file, body);
  const oid = repo.git('hash-object', '-t', 'commit', '-w', '--', file).trim();
  repo.git('update-ref', 'refs/heads/main', oid);
  return oid;
}

describe('git invocations cannot run programs a scanned repository configures', () => {
  it('--git, --since and --staged start none of fsmonitor, hooks, external diff, textconv, filters or gpg', async () => {
    const traps = new Traps('config');
    const repo = TestRepo.create('rampart-git-trapped-');
    // Attributes are committed, as an attacker's repository would carry them; the drivers come later, in .git/config.
    repo.write('.gitattributes', '*.env diff=evil filter=evil\n');
    repo.write('app.env', 'LOG_LEVEL=info\n');
    const base = repo.commit('base');
    repo.write('app.env', `LOG_LEVEL=info\nGITHUB_TOKEN=${COMMITTED_TOKEN}\n`);
    repo.write('notes.txt', 'plain\n');
    repo.commit('leak');
    signedCommit(repo, 'signed');
    repo.write('deploy.env', `TOKEN=${STAGED_TOKEN}\n`);

    const config: [string, string][] = [
      ['core.fsmonitor', traps.program('fsmonitor')],
      ['core.hooksPath', traps.hooksDir(['pre-commit', 'post-index-change', 'reference-transaction', 'post-checkout'])],
      ['diff.external', traps.program('diff.external')],
      ['diff.evil.textconv', traps.program('textconv')],
      ['filter.evil.clean', traps.program('filter.clean')],
      ['filter.evil.smudge', traps.program('filter.smudge')],
      ['log.showSignature', 'true'],
      ['gpg.program', traps.program('gpg')],
    ];
    for (const [key, value] of config) repo.git('config', key, value);

    const history = await secrets(['--git'], repo.dir);
    expect(history.report.errors).toEqual([]);
    expect(history.report.findings.map((f) => f.location.file)).toEqual(['app.env']);
    const since = await secrets(['--since', base], repo.dir);
    expect(since.report.findings.map((f) => f.location.file)).toEqual(['app.env']);
    const staged = await secrets(['--staged'], repo.dir);
    expect(staged.report.errors).toEqual([]);
    expect(staged.report.findings.map((f) => f.location.file)).toEqual(['deploy.env']);
    expect(traps.fired()).toEqual([]);

    // Every trap is armed: plain git runs each one.
    repo.git('diff', '--cached', '--quiet', '--exit-code', '--', 'notes.txt');
    repo.git('hook', 'run', 'pre-commit');
    repo.git('diff', 'HEAD~2', 'HEAD~1', '--', 'notes.txt');
    repo.git('diff', '--no-ext-diff', 'HEAD~2', 'HEAD~1', '--', 'app.env');
    repo.git('hash-object', '--', 'app.env');
    repo.git('cat-file', '--filters', 'HEAD:app.env');
    repo.git('log', '-1', '--format=%H');
    expect(traps.fired()).toEqual(['diff.external', 'filter.clean', 'filter.smudge', 'fsmonitor', 'gpg', 'hook:pre-commit', 'textconv']);
    repo.destroy();
  });

  it.each([
    ['core.sshCommand', (traps: Traps) => [['remote.origin.url', 'ssh://git.example.invalid/repo.git'], ['core.sshCommand', traps.program('ssh')]]],
    // A repository may allow a dangerous transport for itself, outranking a command-line `protocol.allow=never`.
    ['an ext:: remote it allows itself', (traps: Traps) => [['remote.origin.url', `ext::${traps.program('ssh')}`], ['protocol.ext.allow', 'always']]],
  ])('a partial clone fetches no missing object through %s, and the gap is an error', async (name, transport) => {
    const traps = new Traps(`lazy-fetch-${name.replace(/\W+/g, '-')}`);
    const repo = TestRepo.create('rampart-git-partial-');
    repo.write('app.env', `GITHUB_TOKEN=${COMMITTED_TOKEN}\n`);
    repo.commit('leak');
    const blob = repo.git('rev-parse', 'HEAD:app.env').trim();
    unlinkSync(repo.objectPath(blob));
    const config = [['core.repositoryformatversion', '1'], ['extensions.partialClone', 'origin'], ['remote.origin.promisor', 'true'], ...transport(traps)];
    for (const [key, value] of config) repo.git('config', key!, value!);

    const history = await secrets(['--git'], repo.dir);
    expect(history.code).toBe(3);
    expect(history.report.errors.map((e) => e.message)).toEqual([expect.stringContaining('blob missing from the object store')]);
    // Even a command that needs a transport gets none, whatever the repository allows itself.
    await expect(git(repo.dir, ['fetch', 'origin'])).rejects.toThrow(/transport '\w+' not allowed/);
    expect(traps.fired()).toEqual([]);

    // Armed: plain git fetches the missing blob through the trap.
    expect(() => repo.git('cat-file', '-p', blob)).toThrow();
    expect(traps.fired()).toEqual(['ssh']);
    repo.destroy();
  });
});
