import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOsv } from './import.js';
import { openDatabase, type AffectedEntry, type OsvDatabase, type PackageQuery, type QueryOptions } from './query.js';
import { SCHEMA_VERSION } from './schema.js';

let dir: string;
let dbPath: string;
let db: OsvDatabase;

const range = (fixed: string) => [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }];
const RECORDS: Record<string, object> = {
  // Fields of a range beyond type, repo and events stay in the source record only.
  'A-2': {
    aliases: ['CVE-2024-0002'],
    affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ ...range('2.0.0')[0], database_specific: { source: 'x' } }] }],
  },
  'A-1': {
    aliases: ['CVE-2024-0001', 'CVE-2024-0001', 'A-1'],
    affected: [
      { package: { ecosystem: 'npm', name: 'left-pad', purl: 'pkg:npm/left-pad' }, ranges: range('1.0.0') },
      { package: { ecosystem: 'npm', name: 'right-pad' }, ranges: range('1.0.0') },
      { package: { ecosystem: 'npm', name: 'left-pad' }, versions: ['1.5.0'], ranges: [{ type: 'GIT', repo: 'https://example.test/r', events: [{ introduced: 'abc' }] }] },
    ],
  },
  'W-1': { withdrawn: '2024-02-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: range('9.0.0') }] },
  'PYSEC-1': { affected: [{ package: { ecosystem: 'PyPI', name: 'Foo_Bar' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }] },
  // Lists PYSEC-1 as an alias without PYSEC-1 listing it back.
  'GHSA-1': { aliases: ['PYSEC-1'], affected: [] },
  'DSA-1': { upstream: ['CVE-2024-0003', 'CVE-2024-0004', 'CVE-2024-0003'], affected: [{ package: { ecosystem: 'Debian:12', name: 'glibc' }, ranges: range('2.0') }] },
  'RHSA-1': {
    affected: [
      { package: { ecosystem: 'Red Hat:enterprise_linux:9::appstream', name: 'firefox' }, ranges: range('2.0.0') },
      { package: { ecosystem: 'Red Hat:enterprise_linux:9::baseos', name: 'firefox' }, ranges: range('3.0.0') },
    ],
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-query-'));
  const source = join(dir, 'records');
  mkdirSync(source);
  for (const [id, fields] of Object.entries(RECORDS))
    writeFileSync(join(source, `${id}.json`), JSON.stringify({ id, modified: '2024-01-01T00:00:00Z', ...fields }));
  dbPath = join(dir, 'osv.db');
  await importOsv(source, dbPath);
  db = openDatabase(dbPath);
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const visitAll = (queries: readonly PackageQuery[], options: QueryOptions = {}) => {
  const visits: Array<[number, AffectedEntry[]]> = [];
  db.eachAffected(queries, (query, entries) => visits.push([query, entries]), options);
  return visits;
};

describe('eachAffected', () => {
  it('visits every query with entries once, in one pass, entries of an advisory together in source order', () => {
    const visits = visitAll([
      { ecosystem: 'npm', name: 'left-pad' },
      { ecosystem: 'npm', name: 'no-such-package' },
      { ecosystem: 'PyPI', name: 'foo.bar' },
      { ecosystem: 'Red Hat:enterprise_linux:9', name: 'firefox', nested: true },
      { ecosystem: 'Red Hat:enterprise_linux:9', name: 'firefox' },
    ]);
    expect(visits.map(([query]) => query)).toEqual([0, 2, 3]);
    const details = db.advisoryDetails(visits.flatMap(([, entries]) => entries.map((entry) => entry.advisory)));
    const described = visits.map(([query, entries]) => [query, entries.map((entry) => [details.get(entry.advisory)?.id, entry.affected])]);
    expect(described).toEqual([
      [
        0,
        [
          ['A-1', { package: { ecosystem: 'npm', name: 'left-pad', purl: 'pkg:npm/left-pad' }, ranges: range('1.0.0'), versions: [] }],
          [
            'A-1',
            {
              package: { ecosystem: 'npm', name: 'left-pad' },
              ranges: [{ type: 'GIT', repo: 'https://example.test/r', events: [{ introduced: 'abc' }] }],
              versions: ['1.5.0'],
            },
          ],
          ['A-2', { package: { ecosystem: 'npm', name: 'left-pad' }, ranges: range('2.0.0'), versions: [] }],
        ],
      ],
      // Found under its normalised name, reported as the advisory wrote it.
      [2, [['PYSEC-1', { package: { ecosystem: 'PyPI', name: 'Foo_Bar' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }], versions: [] }]]],
      [
        3,
        [
          ['RHSA-1', { package: { ecosystem: 'Red Hat:enterprise_linux:9::appstream', name: 'firefox' }, ranges: range('2.0.0'), versions: [] }],
          ['RHSA-1', { package: { ecosystem: 'Red Hat:enterprise_linux:9::baseos', name: 'firefox' }, ranges: range('3.0.0'), versions: [] }],
        ],
      ],
    ]);
  });

  it('leaves withdrawn advisories out unless asked', () => {
    const ids = (options = {}) => {
      const [[, entries] = [0, []]] = visitAll([{ ecosystem: 'npm', name: 'left-pad' }], options);
      const details = db.advisoryDetails(entries.map((entry) => entry.advisory));
      return [...new Set(entries.map((entry) => details.get(entry.advisory)?.id))].sort();
    };
    expect(ids()).toEqual(['A-1', 'A-2']);
    expect(ids({ includeWithdrawn: true })).toEqual(['A-1', 'A-2', 'W-1']);
  });

  it('does nothing for no queries', () => {
    expect(visitAll([])).toEqual([]);
  });
});

describe('advisoryDetails', () => {
  const advisory = (ecosystem: string, name: string, id: string) => db.advisoriesFor(ecosystem, name).find((row) => row.id === id);

  it('stores osv-schema 1.7 upstream ids once each', () => {
    expect(advisory('Debian:12', 'glibc', 'DSA-1')).toMatchObject({ upstream: ['CVE-2024-0003', 'CVE-2024-0004'], aliases: [] });
    expect(advisory('npm', 'left-pad', 'A-2')?.upstream).toEqual([]);
  });

  it('merges aliases in both directions, without duplicates or the record itself', () => {
    expect(advisory('npm', 'left-pad', 'A-1')?.aliases).toEqual(['CVE-2024-0001']);
    expect(advisory('PyPI', 'foo-bar', 'PYSEC-1')?.aliases).toEqual(['GHSA-1']);
  });

  it('leaves unknown keys out and accepts no keys', () => {
    expect(db.advisoryDetails([]).size).toBe(0);
    expect(db.advisoryDetails([123_456]).size).toBe(0);
  });
});

describe('openDatabase', () => {
  it('refuses a database of another schema version and says to import again', async () => {
    const old = join(dir, 'old.db');
    await importOsv(join(dir, 'records'), old);
    const writable = new Database(old);
    writable.prepare("UPDATE meta SET value = '1' WHERE key = 'schema_version'").run();
    writable.close();
    expect(() => openDatabase(old)).toThrow(`vulnerability database schema 1, expected ${SCHEMA_VERSION}; import it again`);
  });
});
