import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BoltFile, BoltFormatError, fnv64a } from './bbolt.js';
import { openSnapshot } from './snapshot.js';
import { EtcdReadError } from './store.js';

/** Hand-built bbolt files (4 KiB pages), so each malformation is exactly the one named. */
const PAGE = 4096;
const dir = mkdtempSync(join(tmpdir(), 'rampart-bbolt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function page(id: number, flags: number, count: number, body: Buffer): Buffer {
  const buffer = Buffer.alloc(PAGE);
  buffer.writeBigUInt64LE(BigInt(id), 0);
  buffer.writeUInt16LE(flags, 8);
  buffer.writeUInt16LE(count, 10);
  body.copy(buffer, 16);
  return buffer;
}

function meta(id: number, root: number, txid: number): Buffer {
  const body = Buffer.alloc(64);
  body.writeUInt32LE(0xed0cdaed, 0);
  body.writeUInt32LE(2, 4);
  body.writeUInt32LE(PAGE, 8);
  body.writeBigUInt64LE(BigInt(root), 16);
  body.writeBigUInt64LE(BigInt(txid), 48);
  body.writeBigUInt64LE(fnv64a(body.subarray(0, 56)), 56);
  return page(id, 0x04, 0, body);
}

function leaf(id: number, elements: Array<{ key: Buffer; value: Buffer; bucket?: boolean }>): Buffer {
  const header = Buffer.alloc(16 * elements.length);
  const data: Buffer[] = [];
  let offset = header.length;
  elements.forEach((e, i) => {
    header.writeUInt32LE(e.bucket ? 1 : 0, i * 16);
    header.writeUInt32LE(offset - i * 16, i * 16 + 4);
    header.writeUInt32LE(e.key.length, i * 16 + 8);
    header.writeUInt32LE(e.value.length, i * 16 + 12);
    data.push(e.key, e.value);
    offset += e.key.length + e.value.length;
  });
  return page(id, 0x02, elements.length, Buffer.concat([header, ...data]));
}

function branch(id: number, children: Array<{ key: Buffer; page: number }>): Buffer {
  const header = Buffer.alloc(16 * children.length);
  const keys: Buffer[] = [];
  let offset = header.length;
  children.forEach((c, i) => {
    header.writeUInt32LE(offset - i * 16, i * 16);
    header.writeUInt32LE(c.key.length, i * 16 + 4);
    header.writeBigUInt64LE(BigInt(c.page), i * 16 + 8);
    keys.push(c.key);
    offset += c.key.length;
  });
  return page(id, 0x01, children.length, Buffer.concat([header, ...keys]));
}

const bucketHeader = (root: number) => {
  const header = Buffer.alloc(16);
  header.writeBigUInt64LE(BigInt(root), 0);
  return header;
};

/** mvccpb.KeyValue with key (1), mod_revision (3) and value (5). */
function keyValue(key: string, value: string): Buffer {
  const k = Buffer.from(key);
  const v = Buffer.from(value);
  return Buffer.concat([Buffer.from([0x0a, k.length]), k, Buffer.from([0x18, 0x05, 0x2a, v.length]), v]);
}

function revision(main: number, tombstone = false): Buffer {
  const key = Buffer.alloc(tombstone ? 18 : 17);
  key.writeBigUInt64BE(BigInt(main), 0);
  key[8] = 0x5f;
  if (tombstone) key[17] = 0x74;
  return key;
}

function file(name: string, pages: Buffer[]): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(pages));
  return path;
}

const keyBucket = (root: number) => leaf(2, [{ key: Buffer.from('key'), value: bucketHeader(root), bucket: true }]);

describe('BoltFile and openSnapshot', () => {
  it('reads the key bucket through a branch page, keeping each key\'s last revision and honouring deletions', async () => {
    const path = file('good.db', [
      meta(0, 2, 1), meta(1, 2, 2), keyBucket(3),
      branch(3, [{ key: revision(1), page: 4 }, { key: revision(3), page: 5 }]),
      leaf(4, [{ key: revision(1), value: keyValue('/registry/secrets/a/x', 'one') }, { key: revision(2), value: keyValue('/registry/secrets/a/gone', 'g') }]),
      leaf(5, [{ key: revision(3), value: keyValue('/registry/secrets/a/x', 'two') }, { key: revision(4, true), value: keyValue('/registry/secrets/a/gone', '') }]),
    ]);
    const store = openSnapshot(path);
    const pages = [];
    for await (const p of store.entries('/registry/secrets/')) pages.push(...p);
    expect(pages.map((e) => [e.key, e.value.toString()])).toEqual([['/registry/secrets/a/x', 'two']]);
  });

  it('picks the meta page with the higher transaction ID, and survives a damaged first meta page', () => {
    const pages = [meta(0, 2, 5), meta(1, 6, 4), keyBucket(3), leaf(3, [{ key: revision(1), value: keyValue('/k', 'v') }])];
    const damaged = Buffer.from(pages[0]!);
    damaged[20] ^= 0xff;
    const path = file('meta.db', [damaged, ...pages.slice(1), Buffer.alloc(PAGE * 3)]);
    // The second meta page names root page 6, which holds nothing valid: the file is refused, not misread.
    expect(() => [...new BoltFile(path).bucket('key')]).toThrow(BoltFormatError);
    const good = file('meta2.db', [damaged, meta(1, 2, 4), ...pages.slice(2)]);
    expect([...new BoltFile(good).bucket('key')]).toHaveLength(1);
  });

  it.each([
    ['random bytes', () => [Buffer.alloc(PAGE * 2, 0x41)], 'no valid meta page'],
    ['a root page past the end', () => [meta(0, 9, 1), meta(1, 9, 1)], 'outside the file'],
    ['a page that points to itself', () => [meta(0, 2, 1), meta(1, 2, 1), keyBucket(3), branch(3, [{ key: revision(1), page: 3 }])], 'referenced twice'],
    ['an element pointing past its page', () => {
      const bad = leaf(3, [{ key: revision(1), value: keyValue('/k', 'v') }]);
      bad.writeUInt32LE(PAGE * 2, 16 + 12);
      return [meta(0, 2, 1), meta(1, 2, 1), keyBucket(3), bad];
    }, 'points past the page'],
    ['more elements than the page holds', () => {
      const bad = leaf(3, []);
      bad.writeUInt16LE(0xffff, 10);
      return [meta(0, 2, 1), meta(1, 2, 1), keyBucket(3), bad];
    }, 'overrun the page'],
    ['no key bucket', () => [meta(0, 2, 1), meta(1, 2, 1), leaf(2, [])], 'no "key" bucket'],
    ['a revision key of the wrong size', () => [meta(0, 2, 1), meta(1, 2, 1), keyBucket(3), leaf(3, [{ key: Buffer.from('x'), value: keyValue('/k', 'v') }])], 'revision key of 1 bytes'],
    ['a truncated KeyValue', () => [meta(0, 2, 1), meta(1, 2, 1), keyBucket(3), leaf(3, [{ key: revision(1), value: keyValue('/k', 'v').subarray(0, 3) }])], 'runs past its message'],
  ])('refuses %s with one error, never a crash', async (_name, build, message) => {
    const path = file(`bad-${Math.random().toString(36).slice(2)}.db`, build());
    const readAll = async () => {
      for await (const page of openSnapshot(path).entries('/')) expect(page.length).toBeGreaterThan(0);
    };
    await expect(readAll()).rejects.toThrow(EtcdReadError);
    await expect(readAll()).rejects.toThrow(message);
  });

  it('names a missing file', () => {
    expect(() => openSnapshot(join(dir, 'missing.db'))).toThrow(/cannot read .*missing\.db: ENOENT/);
  });
});
