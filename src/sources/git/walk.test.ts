import { describe, expect, it } from 'vitest';
import type { RawEvent } from './raw-diff.js';
import { useTestRepos } from './testing/repo.js';
import { headBlobs, historyChanges, historyRange, stagedChanges } from './walk.js';
import { WarningTally } from './warnings.js';

const newRepo = useTestRepos();

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('git walks', () => {
  it('walks commits oldest first with the blobs each adds, and lists the blobs HEAD still has', async () => {
    const repo = newRepo();
    repo.write('a.txt', 'one\n');
    const first = repo.commit('one');
    repo.write('b.txt', 'two\n');
    repo.remove('a.txt');
    const second = repo.commit('two');
    const oid = (rev: string) => repo.git('rev-parse', rev).trim();
    const warnings = new WarningTally();

    const events = await collect(historyChanges(repo.dir, (await historyRange(repo.dir, undefined))!, warnings));
    const summary = events.map((e: RawEvent) => (e.kind === 'commit' ? e.commit.oid : e.blob.path));
    expect(summary).toEqual([first, 'a.txt', second, 'b.txt']);
    expect(await collect(headBlobs(repo.dir, warnings))).toEqual([{ oid: oid('HEAD:b.txt'), path: 'b.txt' }]);
    expect(await collect(historyChanges(repo.dir, (await historyRange(repo.dir, first))!, warnings))).toHaveLength(2);
    expect(warnings.list()).toEqual([]);
  });

  it('ends cleanly when the consumer stops early, and resolves no range on an unborn branch', async () => {
    const repo = newRepo();
    expect(await historyRange(repo.dir, undefined)).toBeUndefined();
    repo.importCommits(2000, 'f.txt', (i) => `v${i}\n`);
    const warnings = new WarningTally();
    for await (const event of historyChanges(repo.dir, 'HEAD', warnings)) {
      expect(event.kind).toBe('commit');
      break;
    }
    expect(warnings.list()).toEqual([]);
  });

  it('lists the staged blobs and fails on an index git cannot diff', async () => {
    const repo = newRepo();
    repo.write('new.txt', 'staged\n');
    repo.git('add', 'new.txt');
    expect(await collect(stagedChanges(repo.dir))).toEqual([{ oid: repo.git('rev-parse', ':new.txt').trim(), path: 'new.txt' }]);
    await expect(collect(stagedChanges(`${repo.dir}/no-such-dir`))).rejects.toThrow();
  });
});
