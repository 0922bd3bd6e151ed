import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceEntry } from '../source.js';
import { gitHistorySource, gitStagedSource } from './source.js';
import { useTestRepos } from './testing/repo.js';

const newRepo = useTestRepos();

/** Each entry as one line; blob text read as the pipeline would, before asking for the next entry. */
async function summary(entries: AsyncIterable<SourceEntry>): Promise<string[]> {
  const lines: string[] = [];
  for await (const entry of entries) {
    if (entry.type === 'blob') {
      const { blob } = entry;
      const origin = blob.origin.kind === 'commit' ? blob.origin.commit.oid.slice(0, 7) : blob.origin.kind;
      lines.push(`${origin} ${blob.file} ${JSON.stringify(await blob.text())}`);
    } else if (entry.type === 'progress') {
      lines.push(`progress ${entry.commits}`);
    } else if (entry.type === 'error') {
      lines.push(`${entry.error.level ?? 'error'} ${entry.error.message}`);
    }
  }
  return lines;
}

describe('git sources', () => {
  it('yield every commit blob oldest first, then HEAD, named from cwd, leaving out excluded files and counting what has no text', async () => {
    const repo = newRepo();
    repo.write('app/a.env', 'one\n');
    repo.write('app/vendor/v.txt', 'vendored\n');
    repo.write('app/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]));
    const first = repo.commit('one').slice(0, 7);
    repo.write('app/a.env', 'two\n');
    const second = repo.commit('two').slice(0, 7);
    const cwd = join(repo.dir, 'app');
    mkdirSync(cwd, { recursive: true });
    const entries = gitHistorySource({ repoDir: repo.dir, cwd, exclude: ['vendor/**'] }).entries();
    expect(await summary(entries)).toEqual([
      `${first} a.env "one\\n"`,
      `${first} logo.png undefined`,
      `${second} a.env "two\\n"`,
      'head a.env "two\\n"',
      'head logo.png undefined',
      'progress 2',
    ]);
  });

  it('yields the staged version of each changed file, not the work tree', async () => {
    const repo = newRepo();
    repo.write('a.txt', 'committed\n');
    repo.commit('one');
    repo.write('a.txt', 'staged\n');
    writeFileSync(join(repo.dir, 'a.txt'), 'unstaged edit\n');
    expect(await summary(gitStagedSource({ repoDir: repo.dir, cwd: repo.dir, exclude: [] }).entries())).toEqual(['staged a.txt "staged\\n"']);
  });

  it('report an unknown revision as an error on the repository, and a blob that cannot be read as a counted error', async () => {
    const repo = newRepo();
    repo.write('a.txt', 'x\n');
    repo.commit('one');
    expect(await summary(gitHistorySource({ repoDir: repo.dir, cwd: repo.dir, exclude: [], since: 'nope' }).entries())).toEqual([
      `error unknown revision "nope": it names no commit in ${repo.dir}`,
    ]);
    rmSync(repo.objectPath(repo.git('rev-parse', 'HEAD:a.txt').trim()));
    const lines = await summary(gitHistorySource({ repoDir: repo.dir, cwd: repo.dir, exclude: [] }).entries());
    expect(lines.slice(0, 3)).toEqual([expect.stringMatching(/^[0-9a-f]{7} a\.txt undefined$/), 'head a.txt undefined', 'progress 1']);
    expect(lines.slice(3)).toEqual([expect.stringMatching(/^error blob missing from the object store .*\(2 times\) \(e\.g\. a\.txt \([0-9a-f]{12}\), a\.txt \(HEAD\)\)$/)]);
  });
});
