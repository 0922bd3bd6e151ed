import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatFileBatch } from './cat-file.js';
import { isolateGitConfig, TestRepo } from './testing/repo.js';

let home: string;
let repo: TestRepo;
let oids: Record<string, string>;

beforeAll(() => {
  home = isolateGitConfig();
  repo = TestRepo.create();
  repo.write('empty.txt', '');
  repo.write('small.txt', 'small\n');
  repo.write('large.txt', 'L'.repeat(300_000));
  repo.write('short.txt', 'declares more than it holds\n');
  repo.commit('objects');
  oids = Object.fromEntries(['empty.txt', 'small.txt', 'large.txt', 'short.txt'].map((path) => [path, repo.git('rev-parse', `HEAD:${path}`).trim()]));
  oids['tree'] = repo.git('rev-parse', 'HEAD^{tree}').trim();
  const short = repo.objectPath(oids['short.txt']!);
  chmodSync(short, 0o644);
  writeFileSync(short, deflateSync('blob 5000\0only a few bytes'));
});

afterAll(() => {
  repo.destroy();
  rmSync(home, { recursive: true, force: true });
});

describe('CatFileBatch', () => {
  it('answers pipelined requests in order, dropping content over the limit', async () => {
    const reader = new CatFileBatch(repo.dir, 1000);
    try {
      const reads = await Promise.all([
        reader.read(oids['large.txt']!),
        reader.read(oids['small.txt']!),
        reader.read(oids['empty.txt']!),
        reader.read('0'.repeat(40)),
        reader.read(oids['tree']!),
        reader.read(oids['small.txt']!),
      ]);
      expect(reads).toEqual([
        { status: 'too-large', size: 300_000 },
        { status: 'ok', content: Buffer.from('small\n') },
        { status: 'ok', content: Buffer.alloc(0) },
        { status: 'missing' },
        { status: 'not-blob', type: 'tree' },
        { status: 'ok', content: Buffer.from('small\n') },
      ]);
    } finally {
      await reader.close();
    }
  });

  it('refuses a request that is not an object ID', async () => {
    const reader = new CatFileBatch(repo.dir, 1000);
    await expect(reader.read(`${oids['small.txt']}\nHEAD`)).rejects.toThrow(/invalid object ID/);
    await expect(reader.read('HEAD:small.txt')).rejects.toThrow(/invalid object ID/);
    await reader.close();
  });

  it('gives up on an object that declares more bytes than it holds, then serves the next request', async () => {
    const reader = new CatFileBatch(repo.dir, 10_000, undefined, 1500);
    try {
      await expect(reader.read(oids['short.txt']!)).rejects.toThrow(/no answer for 1.5s/);
      expect(await reader.read(oids['small.txt']!)).toEqual({ status: 'ok', content: Buffer.from('small\n') });
    } finally {
      await reader.close();
    }
  });

  it('fails pending requests when git cannot run in the directory', async () => {
    const reader = new CatFileBatch('/nonexistent-rampart-dir', 1000);
    await expect(reader.read(oids['small.txt']!)).rejects.toThrow(/git cat-file/);
    await reader.close();
  });
});
