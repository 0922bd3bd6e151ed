import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { rpmExtractor } from './rpm.js';
import { parseRpmHeader, parseSourceRpm, RPMTAG } from './rpm-header.js';

const REAL_DB = new URL('./testdata/rpmdb.sqlite', import.meta.url);

type Entry = { tag: number; type: number; value: string | number };

/** Builds a header blob the way rpm lays it out: il, dl, index entries, then the data store. */
function headerBlob(entries: Entry[]): Uint8Array {
  const data: number[] = [];
  const index: Array<[number, number, number, number]> = [];
  for (const { tag, type, value } of entries) {
    if (typeof value === 'number') {
      while (data.length % 4 !== 0) data.push(0);
      index.push([tag, type, data.length, 1]);
      data.push((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
    } else {
      index.push([tag, type, data.length, 1]);
      data.push(...new TextEncoder().encode(value), 0);
    }
  }
  const blob = new Uint8Array(8 + index.length * 16 + data.length);
  const view = new DataView(blob.buffer);
  view.setUint32(0, index.length);
  view.setUint32(4, data.length);
  index.forEach((fields, i) => fields.forEach((n, j) => view.setUint32(8 + i * 16 + j * 4, n)));
  blob.set(data, 8 + index.length * 16);
  return blob;
}

const STRING = 6;
const INT32 = 4;
const OPENSSL: Entry[] = [
  { tag: 63, type: 7, value: 'region-tag-we-ignore' },
  { tag: RPMTAG.NAME, type: STRING, value: 'openssl-libs' },
  { tag: RPMTAG.VERSION, type: STRING, value: '3.0.7' },
  { tag: RPMTAG.RELEASE, type: STRING, value: '27.el9' },
  { tag: RPMTAG.EPOCH, type: INT32, value: 1 },
  { tag: RPMTAG.ARCH, type: STRING, value: 'x86_64' },
  { tag: RPMTAG.SOURCERPM, type: STRING, value: 'openssl-3.0.7-27.el9.src.rpm' },
];

function sqliteWith(blobs: Uint8Array[]): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'rpm-test-'));
  try {
    const file = join(dir, 'rpmdb.sqlite');
    const db = new Database(file);
    db.exec('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO Packages (blob) VALUES (?)');
    for (const blob of blobs) insert.run(Buffer.from(blob));
    db.close();
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('rpm header parser', () => {
  it('decodes name, epoch, version, release, arch and source rpm', () => {
    expect(parseRpmHeader(headerBlob(OPENSSL))).toEqual({
      header: { name: 'openssl-libs', version: '3.0.7', release: '27.el9', epoch: 1, arch: 'x86_64', sourceRpm: 'openssl-3.0.7-27.el9.src.rpm' },
    });
  });

  it('rejects truncated blobs, out-of-range offsets and unterminated strings', () => {
    const good = headerBlob(OPENSSL);
    expect(parseRpmHeader(good.subarray(0, 4))).toEqual({ error: 'header blob of 4 bytes is too short' });
    expect(parseRpmHeader(good.subarray(0, good.length - 3))).toMatchObject({ error: expect.stringMatching(/declares/) });
    const badOffset = good.slice();
    new DataView(badOffset.buffer).setUint32(8 + 16 + 8, 0xfffffff0);
    expect(parseRpmHeader(badOffset)).toEqual({ error: 'tag 1000 points outside the data area' });
    const unterminated = headerBlob([{ tag: RPMTAG.NAME, type: STRING, value: 'x' }]);
    unterminated[unterminated.length - 1] = 0x41;
    expect(parseRpmHeader(unterminated)).toEqual({ error: 'string for tag 1000 is not terminated' });
    expect(parseRpmHeader(headerBlob([{ tag: RPMTAG.NAME, type: INT32, value: 5 }]))).toEqual({
      error: 'tag 1000 has type 4, expected a string',
    });
    expect(parseRpmHeader(headerBlob([{ tag: RPMTAG.NAME, type: STRING, value: 'x' }]))).toEqual({
      error: 'header lacks NAME, VERSION or RELEASE',
    });
  });

  it('splits source rpm file names from the right', () => {
    expect(parseSourceRpm('python3.11-3.11.5-1.el9_3.src.rpm')).toEqual({ name: 'python3.11', version: '3.11.5-1.el9_3' });
    expect(parseSourceRpm('garbage.src.rpm')).toBeUndefined();
  });
});

describe('os/rpm', () => {
  it('matches the sqlite databases of RHEL-family and SUSE layouts', () => {
    expect(rpmExtractor.matches('var/lib/rpm/rpmdb.sqlite')).toBe(true);
    expect(rpmExtractor.matches('usr/lib/sysimage/rpm/rpmdb.sqlite')).toBe(true);
    expect(rpmExtractor.matches('var/lib/rpm/Packages')).toBe(false);
  });

  it('reads a database written by rpm 4.18 itself (WAL mode)', () => {
    const { packages, errors } = rpmExtractor.extractBinary!({ path: 'var/lib/rpm/rpmdb.sqlite', bytes: readFileSync(REAL_DB) });
    expect(errors).toEqual([]);
    expect(packages).toEqual([
      {
        name: 'openssl-libs',
        version: '1:3.0.7-16.el9',
        ecosystem: 'Red Hat',
        purl: 'pkg:rpm/redhat/openssl-libs@3.0.7-16.el9?arch=x86_64&epoch=1',
        sourceName: 'openssl',
        sourceVersion: '1:3.0.7-16.el9',
        file: 'var/lib/rpm/rpmdb.sqlite',
        arch: 'x86_64',
      },
      {
        name: 'bash',
        version: '5.1.8-9.el9',
        ecosystem: 'Red Hat',
        purl: 'pkg:rpm/redhat/bash@5.1.8-9.el9?arch=x86_64',
        sourceName: 'bash',
        sourceVersion: '5.1.8-9.el9',
        file: 'var/lib/rpm/rpmdb.sqlite',
        arch: 'x86_64',
      },
    ]);
  });

  it('skips gpg-pubkey pseudo-packages and reports corrupt headers per package', () => {
    const key = headerBlob([
      { tag: RPMTAG.NAME, type: STRING, value: 'gpg-pubkey' },
      { tag: RPMTAG.VERSION, type: STRING, value: 'fd431d51' },
      { tag: RPMTAG.RELEASE, type: STRING, value: '4ae0493b' },
    ]);
    const bytes = sqliteWith([headerBlob(OPENSSL), key, new Uint8Array([0, 0])]);
    const { packages, errors } = rpmExtractor.extractBinary!({ path: 'var/lib/rpm/rpmdb.sqlite', bytes });
    expect(packages.map((p) => `${p.name} ${p.version}`)).toEqual(['openssl-libs 1:3.0.7-27.el9']);
    expect(errors).toEqual([{ message: 'package #3: header blob of 2 bytes is too short' }]);
  });

  it('reports a file that is not a SQLite database, and text input, as errors', () => {
    const notDb = rpmExtractor.extractBinary!({ path: 'var/lib/rpm/rpmdb.sqlite', bytes: new TextEncoder().encode('hello') });
    expect(notDb.packages).toEqual([]);
    expect(notDb.errors[0]!.message).toMatch(/^cannot read rpm database: /);
    expect(rpmExtractor.extract({ path: 'var/lib/rpm/rpmdb.sqlite', text: '' }).errors).toHaveLength(1);
  });
});
