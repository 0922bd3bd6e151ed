import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildZip, type TestZipEntry } from './testdata/zip-writer.js';
import { DEFAULT_ZIP_LIMITS, readZipEntries, ZipError, type ZipLimits } from './zip.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-zip-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(content: Buffer): string {
  const path = join(dir, 'test.zip');
  writeFileSync(path, content);
  return path;
}

function read(entries: readonly TestZipEntry[], limits?: ZipLimits): Array<{ name: string; text: string }> {
  return [...readZipEntries(write(buildZip(entries)), limits)].map((e) => ({ name: e.name, text: e.data.toString('utf8') }));
}

describe('readZipEntries', () => {
  it('reads stored, deflated and data-descriptor entries and skips directories', () => {
    expect(
      read([
        { name: 'osv/', data: '', method: 0 },
        { name: 'osv/A.json', data: '{"id":"A"}', method: 0 },
        { name: 'osv/B.json', data: '{"id":"B"}'.repeat(50) },
        { name: 'osv/C.json', data: '{"id":"C"}', dataDescriptor: true },
      ]),
    ).toEqual([
      { name: 'osv/A.json', text: '{"id":"A"}' },
      { name: 'osv/B.json', text: '{"id":"B"}'.repeat(50) },
      { name: 'osv/C.json', text: '{"id":"C"}' },
    ]);
  });

  it.each(['../evil.json', 'osv/../../evil.json', '/etc/passwd', 'C:/evil.json', 'osv\\..\\evil.json'])('rejects the unsafe name %s', (name) => {
    expect(() => read([{ name: 'ok.json', data: '{}' }, { name, data: '{}' }])).toThrow(/unsafe entry name/);
  });

  it('rejects an entry whose declared size exceeds the limit', () => {
    const limits = { ...DEFAULT_ZIP_LIMITS, maxEntrySize: 100 };
    expect(() => read([{ name: 'big.json', data: 'x'.repeat(101) }], limits)).toThrow(/entry too large/);
  });

  it('stops inflating an entry that lies about its size (zip bomb)', () => {
    const limits = { ...DEFAULT_ZIP_LIMITS, maxEntrySize: 1000 };
    expect(() => read([{ name: 'bomb.json', data: Buffer.alloc(1_000_000), size: 10 }], limits)).toThrow(ZipError);
  });

  it('enforces the entry count and total size limits', () => {
    const entries = [1, 2, 3].map((n) => ({ name: `${n}.json`, data: 'x'.repeat(40) }));
    expect(() => read(entries, { ...DEFAULT_ZIP_LIMITS, maxEntries: 2 })).toThrow(/too many entries/);
    expect(() => read(entries, { ...DEFAULT_ZIP_LIMITS, maxTotalSize: 100 })).toThrow(/archive too large/);
  });

  it('rejects a bad CRC', () => {
    expect(() => read([{ name: 'a.json', data: '{"id":"A"}', crc: 1234 }])).toThrow(/CRC mismatch/);
  });

  it('rejects a truncated archive', () => {
    const zip = buildZip([{ name: 'a.json', data: '{"id":"A"}'.repeat(20) }]);
    expect(() => [...readZipEntries(write(zip.subarray(0, zip.length - 30)))]).toThrow(ZipError);
    expect(() => [...readZipEntries(write(zip.subarray(0, 40)))]).toThrow(/no end of central directory/);
  });

  it('rejects a central directory that points past the end of the file', () => {
    const zip = buildZip([{ name: 'a.json', data: '{}' }]);
    zip.writeUInt32LE(zip.length, zip.length - 6); // directory offset beyond the file
    expect(() => [...readZipEntries(write(zip))]).toThrow(/truncated archive/);
  });

  it('rejects a file that is not a zip', () => {
    expect(() => [...readZipEntries(write(Buffer.from('{"id":"A"}')))]).toThrow(ZipError);
  });
});
