import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitRepositoryError } from '../../../sources/git/git-command.js';
import { scanGitHistory, type GitHistoryProgress } from './history.js';
import { isolateGitConfig, stubScan, stubSecret, TestRepo } from '../../../sources/git/testing/repo.js';

const cleanup: Array<() => void> = [];
let home: string;

beforeAll(() => {
  home = isolateGitConfig();
});

afterAll(() => {
  for (const clean of cleanup) clean();
  rmSync(home, { recursive: true, force: true });
});

function newRepo(): TestRepo {
  const repo = TestRepo.create();
  cleanup.push(() => repo.destroy());
  return repo;
}

const scan = (text: string) => stubScan(text);

describe('scanGitHistory', () => {
  it('credits a deleted secret to the commit that added it, with its author and date', async () => {
    const repo = newRepo();
    repo.write('README.md', 'hello\n');
    repo.commit('one');
    repo.write('config/app.env', `USER=x\nTOKEN=${stubSecret(1)}\n`);
    const added = repo.commit('two', { author: 'Alice Example', time: 1_700_000_600 });
    repo.write('config/app.env', `USER=y\nTOKEN=${stubSecret(1)}\n`);
    repo.commit('three');
    repo.remove('config/app.env');
    repo.commit('four');

    const result = await scanGitHistory(repo.dir, { scan });

    expect(result.hits).toHaveLength(1);
    const [hit] = result.hits;
    expect(hit).toMatchObject({ commit: added, author: 'Alice Example', path: 'config/app.env', presentAtHead: false });
    expect(hit!.authorDate).toBe('2023-11-15T00:23:20+02:00');
    expect(hit!.match).toMatchObject({ line: 2, column: 7 });
    expect(result.stats).toEqual({ commits: 4, blobsScanned: 3, blobsSkipped: 0 });
    expect(result.warnings).toEqual([]);
  });

  it('marks a secret still in HEAD present, even after its file changed elsewhere', async () => {
    const repo = newRepo();
    repo.write('a.txt', `key ${stubSecret(2)}\n`);
    repo.commit('one');
    repo.write('a.txt', `key ${stubSecret(2)}\nmore\n`);
    repo.commit('two');
    repo.write('b.txt', `old ${stubSecret(3)}\n`);
    repo.commit('three');
    repo.write('b.txt', 'rotated\n');
    repo.commit('four');

    const { hits } = await scanGitHistory(repo.dir, { scan });

    expect(hits.map((hit) => [hit.path, hit.match.secret, hit.presentAtHead])).toEqual([
      ['a.txt', stubSecret(2).slice(7), true],
      ['b.txt', stubSecret(3).slice(7), false],
    ]);
  });

  it('reads a blob kept or restored across many commits once and reports it once', async () => {
    const repo = newRepo();
    const first = (() => {
      repo.write('keys.txt', `${stubSecret(4)}\n`);
      return repo.commit('add');
    })();
    repo.importCommits(30, 'counter.txt', (i) => `${i}\n`);
    repo.remove('keys.txt');
    repo.commit('remove');
    repo.write('keys.txt', `${stubSecret(4)}\n`);
    repo.commit('restore the same content');

    const { hits, stats } = await scanGitHistory(repo.dir, { scan });

    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ commit: first, presentAtHead: true });
    expect(stats.commits).toBe(33);
    expect(stats.blobsScanned).toBe(31);
  });

  it('follows a renamed secret to its new path without reading the blob again', async () => {
    const repo = newRepo();
    repo.write('old/name.txt', `${stubSecret(5)}\n`);
    const added = repo.commit('add');
    repo.git('mv', 'old/name.txt', 'new name.txt');
    const renamed = repo.commit('rename');

    const { hits, stats } = await scanGitHistory(repo.dir, { scan });

    expect(hits.map((hit) => [hit.path, hit.commit, hit.presentAtHead])).toEqual([
      ['old/name.txt', added, false],
      ['new name.txt', renamed, true],
    ]);
    expect(stats.blobsScanned).toBe(1);
  });

  it('skips binary and oversized blobs with counted warnings and keeps reading the rest', async () => {
    const repo = newRepo();
    repo.write('logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]), Buffer.from(stubSecret(6))]));
    repo.write('font.bin', Buffer.from([0, 1, 2, 3]));
    repo.write('big.txt', `${stubSecret(7)}\n${'x'.repeat(5000)}\n`);
    repo.write('small.txt', `${stubSecret(8)}\n`);
    repo.commit('mixed');

    const { hits, warnings, stats } = await scanGitHistory(repo.dir, { scan, maxBlobBytes: 4096 });

    expect(hits.map((hit) => hit.path)).toEqual(['small.txt']);
    expect(stats).toMatchObject({ blobsScanned: 1, blobsSkipped: 3 });
    const binary = warnings.find((warning) => warning.kind === 'binary');
    expect(binary).toMatchObject({ count: 2 });
    expect(binary!.message).toBe('binary content, not scanned (2 times)');
    expect(binary!.examples).toHaveLength(2);
    const large = warnings.find((warning) => warning.kind === 'too-large');
    expect(large).toMatchObject({ count: 1, message: 'blob over the 4.0 KiB limit, not scanned' });
    expect(large!.examples[0]).toMatch(/^big\.txt \([0-9a-f]{12}\)$/);
  });

  it('limits the scan to since..HEAD and refuses an unknown revision', async () => {
    const repo = newRepo();
    repo.write('a.txt', `${stubSecret(9)}\n`);
    const base = repo.commit('one');
    repo.write('b.txt', `${stubSecret(10)}\n`);
    const second = repo.commit('two');

    const { hits, stats } = await scanGitHistory(repo.dir, { scan, since: base });
    expect(hits.map((hit) => [hit.path, hit.commit])).toEqual([['b.txt', second]]);
    expect(stats.commits).toBe(1);

    await expect(scanGitHistory(repo.dir, { scan, since: 'no-such-branch' })).rejects.toThrow(/unknown revision "no-such-branch"/);
    await expect(scanGitHistory(repo.dir, { scan, since: '--all' })).rejects.toBeInstanceOf(GitRepositoryError);
  });

  it('checks HEAD for a secret committed before since, at a path edited after it', async () => {
    const repo = newRepo();
    repo.write('a.txt', `${stubSecret(11)}\n`);
    const base = repo.commit('one');
    repo.write('a.txt', `${stubSecret(11)}\n${stubSecret(12)}\n`);
    repo.commit('two');
    repo.write('a.txt', `${stubSecret(12)}\n`);
    repo.commit('three');
    repo.write('b.txt', 'unrelated\n');
    repo.commit('four');
    repo.git('revert', '--no-edit', 'HEAD~1');

    const { hits } = await scanGitHistory(repo.dir, { scan, since: base });

    // The revert restored a blob from before `since`, so HEAD's a.txt is only known by reading it at the end.
    expect(hits.map((hit) => [hit.match.secret, hit.presentAtHead])).toEqual([
      [stubSecret(11).slice(7), true],
      [stubSecret(12).slice(7), true],
    ]);
  });

  it('credits a branch secret to the branch commit and still reads content a merge resolved by hand', async () => {
    const repo = newRepo();
    repo.write('a.txt', 'base\n');
    repo.commit('base');
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('feature.txt', `${stubSecret(13)}\n`);
    const featureCommit = repo.commit('feature');
    repo.git('checkout', '-q', 'main');
    repo.write('main.txt', 'main\n');
    repo.commit('main');
    repo.git('merge', '-q', '--no-ff', '--no-commit', 'feature');
    repo.write('merge-only.txt', `${stubSecret(14)}\n`);
    const merge = repo.commit('merge');

    const { hits } = await scanGitHistory(repo.dir, { scan });

    expect(hits.map((hit) => [hit.path, hit.commit])).toEqual([
      ['feature.txt', featureCommit],
      ['merge-only.txt', merge],
    ]);
  });

  it('skips submodule entries', async () => {
    const repo = newRepo();
    repo.git('update-index', '--add', '--cacheinfo', `160000,${'1'.repeat(40)},vendor/lib`);
    repo.write('a.txt', `${stubSecret(15)}\n`);
    repo.commit('with a submodule');

    const result = await scanGitHistory(repo.dir, { scan });

    expect(result.hits.map((hit) => hit.path)).toEqual(['a.txt']);
    expect(result.warnings).toEqual([]);
  });

  it('warns that a shallow clone truncates history', async () => {
    const origin = newRepo();
    for (let i = 0; i < 5; i++) {
      origin.write(`f${i}.txt`, `${stubSecret(20 + i)}\n`);
      origin.commit(`c${i}`);
    }
    const cloneDir = mkdtempSync(join(tmpdir(), 'rampart-git-shallow-'));
    cleanup.push(() => rmSync(cloneDir, { recursive: true, force: true }));
    execFileSync('git', ['clone', '-q', '--depth', '2', `file://${origin.dir}`, cloneDir], { stdio: 'ignore' });

    const { hits, warnings, stats } = await scanGitHistory(cloneDir, { scan });

    expect(stats.commits).toBe(2);
    expect(hits).toHaveLength(5); // the boundary commit carries every older file
    expect(warnings.map((warning) => warning.kind)).toEqual(['shallow']);
    expect(warnings[0]!.message).toMatch(/history truncated at 2 commits/);
  });

  it('warns about a deleted blob and a corrupt blob, and finds the secrets around them', async () => {
    const repo = newRepo();
    repo.write('a.txt', `${stubSecret(30)}\n`);
    repo.write('gone.txt', `${stubSecret(31)}\n`);
    repo.commit('one');
    repo.write('broken.txt', `${stubSecret(32)}\n`);
    repo.commit('two');
    repo.write('c.txt', `${stubSecret(33)}\n`);
    repo.commit('three');
    unlinkSync(repo.objectPath(repo.git('rev-parse', 'HEAD:gone.txt').trim()));
    const broken = repo.objectPath(repo.git('rev-parse', 'HEAD:broken.txt').trim());
    chmodSync(broken, 0o644);
    // Same declared size, other content: git serves it without complaint, only the ID check catches it.
    writeFileSync(broken, deflateSync(`blob 28\0${stubSecret(39)}\n`));

    const { hits, warnings } = await scanGitHistory(repo.dir, { scan });

    expect(hits.map((hit) => hit.path).sort()).toEqual(['a.txt', 'c.txt']);
    expect(warnings.map((warning) => warning.kind).sort()).toEqual(['missing-object', 'unreadable-object']);
    expect(warnings.find((warning) => warning.kind === 'missing-object')!.examples[0]).toMatch(/^gone\.txt /);
  });

  it('reports a history walk cut short by a missing tree', async () => {
    const repo = newRepo();
    repo.write('a.txt', `${stubSecret(34)}\n`);
    repo.commit('one');
    repo.write('dir/b.txt', `${stubSecret(35)}\n`);
    repo.commit('two');
    unlinkSync(repo.objectPath(repo.git('rev-parse', 'HEAD:dir').trim()));

    const { hits, warnings } = await scanGitHistory(repo.dir, { scan });

    expect(hits.map((hit) => hit.path)).toContain('a.txt');
    expect(warnings.some((warning) => warning.kind === 'history-incomplete')).toBe(true);
  });

  it('refuses a directory that is not a repository, and a missing directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-not-git-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    await expect(scanGitHistory(dir, { scan })).rejects.toThrow(/is not a git repository/);
    await expect(scanGitHistory(join(dir, 'missing'), { scan })).rejects.toThrow(/is not a directory/);
  });

  it('returns nothing for a repository without commits', async () => {
    const repo = newRepo();
    repo.write('staged-only.txt', `${stubSecret(40)}\n`);
    expect(await scanGitHistory(repo.dir, { scan })).toEqual({ hits: [], warnings: [], stats: { commits: 0, blobsScanned: 0, blobsSkipped: 0 } });
  });

  it('reads the commits actually stored, not the replacements refs/replace/ names', async () => {
    const repo = newRepo();
    repo.write('README.md', 'hello\n');
    const clean = repo.commit('one');
    repo.write('app.env', `TOKEN=${stubSecret(42)}\n`);
    const leaked = repo.commit('two');
    const decoy = repo.git('commit-tree', `${clean}^{tree}`, '-p', clean, '-m', 'two').trim();
    repo.git('replace', leaked, decoy);

    const { hits } = await scanGitHistory(repo.dir, { scan });
    expect(hits.map((hit) => [hit.path, hit.commit])).toEqual([['app.env', leaked]]);
  });

  it('refuses a repository whose HEAD commit cannot be read, rather than scanning it as empty', async () => {
    const repo = newRepo();
    repo.write('a.txt', `${stubSecret(41)}\n`);
    const head = repo.commit('one');
    unlinkSync(repo.objectPath(head));
    await expect(scanGitHistory(repo.dir, { scan })).rejects.toThrow(new GitRepositoryError(`HEAD names ${head}, which cannot be read as a commit (missing or corrupt object); nothing was scanned`));
  });

  it('reports progress, and stops when aborted', async () => {
    const repo = newRepo();
    repo.importCommits(120, 'n.txt', (i) => `${i}\n`);
    const progress: GitHistoryProgress[] = [];
    await scanGitHistory(repo.dir, { scan, onProgress: (update) => progress.push(update) });
    expect(progress).toMatchObject([
      { commits: 100, blobsScanned: 99, hits: 0 },
      { commits: 120, blobsScanned: 120, hits: 0 },
    ]);
    // Each blob is `${i}\n`: 120 blobs of 0..119 hold 10 + 90 * 2 + 20 * 3 digits and 120 newlines.
    expect(progress[1]!.bytes).toBe(10 + 180 + 60 + 120);
    expect(progress[0]!.bytes).toBeLessThan(progress[1]!.bytes);

    const controller = new AbortController();
    const aborted = scanGitHistory(repo.dir, {
      scan: (text) => {
        if (text === '10\n') controller.abort(new Error('stop'));
        return [];
      },
      signal: controller.signal,
    });
    await expect(aborted).rejects.toThrow('stop');
  });

  it('reports a scanner that throws as a warning', async () => {
    const repo = newRepo();
    repo.write('a.txt', 'boom\n');
    repo.write('b.txt', `${stubSecret(41)}\n`);
    repo.commit('one');
    const { hits, warnings } = await scanGitHistory(repo.dir, {
      scan: (text, path) => {
        if (path === 'a.txt') throw new Error('detector bug');
        return stubScan(text);
      },
    });
    expect(hits).toHaveLength(1);
    expect(warnings).toEqual([{ kind: 'scan-failed', message: 'secret scan failed: detector bug', count: 1, examples: [expect.stringMatching(/^a\.txt /)] }]);
  });
});
