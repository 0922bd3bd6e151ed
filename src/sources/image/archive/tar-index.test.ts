import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarLayer, type TestEntry } from '../testing/oci-writer.js';
import { indexTar, type TarMember } from './tar-index.js';

const limits = { maxMembers: 100, maxMetadataSize: 64 * 1024 };
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-tar-index-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function index(bytes: Uint8Array, options = limits): Promise<Map<string, TarMember>> {
  const path = join(dir, `t${Math.random().toString(36).slice(2)}.tar`);
  await writeFile(path, bytes);
  const file = await open(path, 'r');
  try {
    return await indexTar(file, options);
  } finally {
    await file.close();
  }
}

async function contentOf(bytes: Uint8Array, member: TarMember | undefined): Promise<string> {
  if (!member) throw new Error('member missing');
  return Buffer.from(bytes.subarray(member.offset, member.offset + member.size)).toString();
}

describe('indexTar', () => {
  it('finds every member with its data offset, including long names and links', async () => {
    const ustarLong = `${'d'.repeat(120)}/file`;
    const paxLong = 'n'.repeat(300);
    const entries: TestEntry[] = [
      { path: 'small', content: 'hello' },
      { path: ustarLong, content: 'prefixed' },
      { path: paxLong, content: 'pax' },
      { path: 'link', symlink: '../small' },
      { path: 'empty', content: '' },
    ];
    const tar = await tarLayer(entries);
    const members = await index(tar);
    expect([...members.keys()]).toEqual(['small', ustarLong, paxLong, 'link', 'empty']);
    expect(await contentOf(tar, members.get('small'))).toBe('hello');
    expect(await contentOf(tar, members.get(ustarLong))).toBe('prefixed');
    expect(await contentOf(tar, members.get(paxLong))).toBe('pax');
    expect(members.get('link')).toMatchObject({ type: 'symlink', linkname: '../small' });
    expect(members.get('empty')?.size).toBe(0);
  });

  it('reads GNU long names written by GNU tar', async () => {
    const source = join(dir, 'gnu-src');
    const longName = 'g'.repeat(180);
    await mkdir(source);
    await writeFile(join(source, longName), 'gnu');
    const archive = join(dir, 'gnu.tar');
    await promisify(execFile)('tar', ['--format=gnu', '-C', source, '-cf', archive, longName]);
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(archive);
    expect(await contentOf(bytes, (await index(bytes)).get(longName))).toBe('gnu');
  });

  it('rejects truncated, corrupt and oversized archives', async () => {
    const tar = await tarLayer([
      { path: 'a', content: 'a'.repeat(2000) },
      { path: 'b', content: 'b' },
    ]);
    await expect(index(tar.subarray(0, 1500))).rejects.toThrow(/truncated archive/);
    const corrupt = Buffer.from(tar);
    corrupt.fill(0x20, 2560, 2600);
    await expect(index(corrupt)).rejects.toThrow(/corrupt header at offset 2560/);
    await expect(index(Buffer.from('x'.repeat(1024)))).rejects.toThrow(/not a tar archive/);
    await expect(index(new Uint8Array(10))).rejects.toThrow(/not a tar archive/);
    await expect(index(tar, { maxMembers: 1, maxMetadataSize: 1024 })).rejects.toThrow(/more than 1 members/);
  });

  it('accepts an archive cut right after a member', async () => {
    const tar = await tarLayer([{ path: 'a', content: 'a' }]);
    expect([...(await index(tar.subarray(0, 1024))).keys()]).toEqual(['a']);
  });
});
