import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PRE_COMMIT_HOOKS_YAML, scanStaged } from './staged.js';
import { stubScan, stubSecret, useTestRepos } from '../../../sources/git/testing/repo.js';

const newRepo = useTestRepos();

const scan = (text: string) => stubScan(text);

describe('scanStaged', () => {
  it('scans the staged version of added and modified files, not the working tree', async () => {
    const repo = newRepo();
    repo.write('kept.txt', `${stubSecret(1)}\n`);
    repo.write('edited.txt', 'clean\n');
    repo.write('deleted.txt', `${stubSecret(2)}\n`);
    repo.commit('base');
    repo.write('edited.txt', `clean\n  token: ${stubSecret(3)}\n`);
    repo.write('dir/new file.txt', `${stubSecret(4)}\n`);
    repo.remove('deleted.txt');
    writeFileSync(join(repo.dir, 'edited.txt'), 'secret removed in the work tree but still staged\n');
    writeFileSync(join(repo.dir, 'untracked.txt'), `${stubSecret(5)}\n`);

    const { hits, warnings } = await scanStaged(repo.dir, { scan });

    expect(hits.map((hit) => [hit.path, hit.match.line, hit.match.column])).toEqual([
      ['dir/new file.txt', 1, 1],
      ['edited.txt', 2, 10],
    ]);
    expect(warnings).toEqual([]);
  });

  it('works before the first commit and reports binary files as warnings', async () => {
    const repo = newRepo();
    repo.write('a.txt', `${stubSecret(6)}\n`);
    repo.write('b.bin', Buffer.from([0, 1, 2]));

    const { hits, warnings } = await scanStaged(repo.dir, { scan });

    expect(hits.map((hit) => hit.path)).toEqual(['a.txt']);
    expect(warnings).toMatchObject([{ kind: 'binary', count: 1, examples: ['b.bin'] }]);
  });

  it('finds nothing when nothing is staged, and refuses a non-repository', async () => {
    const repo = newRepo();
    repo.write('a.txt', `${stubSecret(7)}\n`);
    repo.commit('base');
    expect(await scanStaged(repo.dir, { scan })).toEqual({ hits: [], warnings: [] });

    const dir = mkdtempSync(join(tmpdir(), 'rampart-not-git-'));
    try {
      await expect(scanStaged(dir, { scan })).rejects.toThrow(/is not a git repository/);
      await expect(scanStaged(repo.dir, { scan, maxBlobBytes: -1 })).rejects.toThrow(/maxBlobBytes must be a whole number/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PRE_COMMIT_HOOKS_YAML', () => {
  it('declares one node hook that runs once per commit on staged content', () => {
    expect(parse(PRE_COMMIT_HOOKS_YAML)).toEqual([
      {
        id: 'rampart-secrets',
        name: 'rampart secrets (staged files)',
        description: expect.any(String),
        entry: 'rampart secrets --staged',
        language: 'node',
        pass_filenames: false,
        stages: ['pre-commit'],
        minimum_pre_commit_version: '3.2.0',
      },
    ]);
  });
});
