import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOsv } from './import.js';
import { openDatabase } from './query.js';
import { buildZip } from './testdata/zip-writer.js';

const FIXTURES = fileURLToPath(new URL('./testdata/osv', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-osv-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (id: string, modified: string, fixed: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    id,
    modified,
    affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed }] }] }],
    ...extra,
  });

function writeRecords(folder: string, files: Record<string, string>): string {
  const root = join(dir, folder);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

describe('importOsv from a directory', () => {
  it('imports valid records recursively, counts ecosystems and reports skipped ones with reasons', async () => {
    const dbPath = join(dir, 'osv.db');
    const result = await importOsv(FIXTURES, dbPath);
    expect(result.advisories).toBe(3);
    expect(result.perEcosystem).toEqual({ Go: 1, PyPI: 2 });
    expect(result.skippedByCode).toEqual({ 'invalid-json': 1, 'missing-id': 1 });
    expect(result.skipped.map((s) => [s.origin.slice(FIXTURES.length), s.reason.code])).toEqual([
      ['/PyPI/broken.json', 'invalid-json'],
      ['/PyPI/no-id.json', 'missing-id'],
    ]);

    const db = openDatabase(dbPath);
    try {
      expect(db.status()).toMatchObject({ advisories: 3, perEcosystem: { Go: 1, PyPI: 2 } });
      expect(Date.parse(db.status().importedAt)).not.toBeNaN();
      const [go] = db.advisoriesFor('Go', 'github.com/gin-gonic/gin');
      expect(go).toMatchObject({
        id: 'GO-2020-0001',
        aliases: ['CVE-2020-36567', 'GHSA-6vm3-jj99-7229'],
        affected: [{ package: { ecosystem: 'Go', name: 'github.com/gin-gonic/gin' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.6.0' }] }], versions: [] }],
      });
      expect(db.advisoriesFor('Go', 'github.com/Gin-Gonic/gin')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('reads a checkout through the one walk: no dot-files or dot-directories, no link out of the tree', async () => {
    const outside = writeRecords('elsewhere', { 'OUT-1.json': record('OUT-1', '2024-01-01T00:00:00Z', '1') });
    const root = writeRecords('checkout', {
      'npm/A-1.json': record('A-1', '2024-01-01T00:00:00Z', '1'),
      'npm/nested/A-2.json': record('A-2', '2024-01-01T00:00:00Z', '2'),
      '.github/workflows/ci.yaml': 'on: push\njobs: {}\n',
      '.git/objects/info.json': '{}',
      'npm/.draft.json': record('DRAFT-1', '2024-01-01T00:00:00Z', '1'),
    });
    symlinkSync(join(outside, 'OUT-1.json'), join(root, 'npm', 'OUT-1.json'));
    const result = await importOsv(root, join(dir, 'osv.db'));
    expect(result.advisories).toBe(2);
    expect(result.skipped).toEqual([]);
  });

  it('stores ranges, events in order and explicit versions, and finds PyPI packages by normalised name', async () => {
    const dbPath = join(dir, 'osv.db');
    await importOsv(FIXTURES, dbPath);
    const db = openDatabase(dbPath);
    try {
      const rows = db.advisoriesFor('PyPI', 'TRAC');
      expect(rows.map((r) => r.id)).toEqual(['GHSA-test-0001', 'PYSEC-2005-1']);
      const [ghsa, pysec] = rows;
      expect(pysec?.affected).toEqual([
        {
          package: { ecosystem: 'PyPI', name: 'trac', purl: 'pkg:pypi/trac' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '0.10' }] }],
          versions: ['0.8.4', '0.9'],
        },
      ]);
      expect(ghsa?.affected.map((a) => a.ranges[0]?.events)).toEqual([
        [{ introduced: '0' }, { last_affected: '0.9.6' }],
        [{ introduced: '0.11' }, { fixed: '0.11.1' }],
      ]);
      expect(ghsa?.severity).toEqual({ score: 6.1, severity: 'medium', source: 'CVSS_V3' });
      expect(ghsa?.summary).toBe('Test fixture aliasing PYSEC-2005-1');
    } finally {
      db.close();
    }
  });

  it('merges aliases in both directions', async () => {
    const dbPath = join(dir, 'osv.db');
    await importOsv(FIXTURES, dbPath);
    const db = openDatabase(dbPath);
    try {
      const byId = new Map(db.advisoriesFor('PyPI', 'trac').map((r) => [r.id, r.aliases]));
      // PYSEC-2005-1 does not list the GHSA, but the GHSA lists it.
      expect(byId.get('PYSEC-2005-1')).toEqual(['CVE-2005-4644', 'GHSA-test-0001']);
      expect(byId.get('GHSA-test-0001')).toEqual(['CVE-2005-4644', 'PYSEC-2005-1']);
    } finally {
      db.close();
    }
  });

  it('re-reads the full source record', async () => {
    const dbPath = join(dir, 'osv.db');
    await importOsv(FIXTURES, dbPath);
    const db = openDatabase(dbPath);
    try {
      expect(db.record('GO-2020-0001')).toEqual(JSON.parse(readFileSync(join(FIXTURES, 'Go/GO-2020-0001.json'), 'utf8')));
      expect(db.record('NOPE')).toBeUndefined();
    } finally {
      db.close();
    }
  });
});

describe('duplicates and withdrawals', () => {
  it('keeps the copy with the newer modified, whichever comes first', async () => {
    const source = writeRecords('src', {
      'a/X-1.json': record('X-1', '2024-01-01T00:00:00Z', '1.0.0'),
      'b/X-1.json': record('X-1', '2024-06-01T00:00:00Z', '2.0.0'),
      'c/X-1.json': record('X-1', '2024-03-01T00:00:00Z', '3.0.0'),
    });
    const dbPath = join(dir, 'osv.db');
    const result = await importOsv(source, dbPath);
    expect(result).toMatchObject({ advisories: 1, replaced: 1, ignoredOlder: 1, perEcosystem: { npm: 1 } });
    const db = openDatabase(dbPath);
    try {
      const rows = db.advisoriesFor('npm', 'left-pad');
      expect(rows).toHaveLength(1);
      expect(rows[0]?.modified).toBe('2024-06-01T00:00:00Z');
      expect(rows[0]?.affected[0]?.ranges[0]?.events).toEqual([{ introduced: '0' }, { fixed: '2.0.0' }]);
      expect(db.record('X-1')?.modified).toBe('2024-06-01T00:00:00Z');
    } finally {
      db.close();
    }
  });

  it('leaves withdrawn advisories out unless asked', async () => {
    const source = writeRecords('src', {
      'W-1.json': record('W-1', '2024-01-01T00:00:00Z', '1.0.0', { withdrawn: '2024-02-01T00:00:00Z' }),
      'K-1.json': record('K-1', '2024-01-01T00:00:00Z', '1.0.0'),
    });
    const dbPath = join(dir, 'osv.db');
    await importOsv(source, dbPath);
    const db = openDatabase(dbPath);
    try {
      expect(db.advisoriesFor('npm', 'left-pad').map((r) => r.id)).toEqual(['K-1']);
      expect(db.advisoriesFor('npm', 'left-pad', { includeWithdrawn: true }).map((r) => r.id)).toEqual(['K-1', 'W-1']);
    } finally {
      db.close();
    }
  });
});

describe('other sources', () => {
  it('imports a zip archive such as OSV all.zip', async () => {
    const zip = join(dir, 'all.zip');
    writeFileSync(
      zip,
      buildZip([
        { name: 'A-1.json', data: record('A-1', '2024-01-01T00:00:00Z', '1.0.0') },
        { name: 'A-2.json', data: record('A-2', '2024-01-01T00:00:00Z', '1.0.0'), dataDescriptor: true },
        { name: 'README.txt', data: 'not a record' },
        { name: 'A-3.json', data: '{"id": 3}' },
      ]),
    );
    const result = await importOsv(zip, join(dir, 'osv.db'));
    expect(result.advisories).toBe(2);
    expect(result.skipped).toEqual([{ origin: `${zip}!A-3.json`, reason: { code: 'missing-id', detail: '$.id' } }]);
  });

  it('imports a single JSON file', async () => {
    const file = join(dir, 'one.json');
    copyFileSync(join(FIXTURES, 'Go/GO-2020-0001.json'), file);
    expect((await importOsv(file, join(dir, 'osv.db'))).perEcosystem).toEqual({ Go: 1 });
  });
});

describe('atomic replacement', () => {
  it('keeps the previous database intact when an import fails midway, and leaves no temp file', async () => {
    const dbPath = join(dir, 'osv.db');
    await importOsv(FIXTURES, dbPath);
    const before = readFileSync(dbPath);

    const big = join(dir, 'big');
    cpSync(FIXTURES, big, { recursive: true });
    writeRecords('big', Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`N-${n}.json`, record(`N-${n}`, '2024-01-01T00:00:00Z', '1.0.0')])));
    let calls = 0;
    const failing = importOsv(big, dbPath, {
      batchSize: 2,
      onProgress: () => {
        calls++;
        if (calls === 2) throw new Error('disk full (simulated)');
      },
    });
    await expect(failing).rejects.toThrow('disk full (simulated)');

    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['big', 'osv.db']);
    const db = openDatabase(dbPath);
    try {
      expect(db.status().advisories).toBe(3);
      expect(db.advisoriesFor('npm', 'left-pad')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('fails on a hostile archive without touching the previous database', async () => {
    const dbPath = join(dir, 'osv.db');
    await importOsv(FIXTURES, dbPath);
    const zip = join(dir, 'evil.zip');
    writeFileSync(zip, buildZip([{ name: 'ok.json', data: record('A-1', '2024-01-01T00:00:00Z', '1') }, { name: '../x.json', data: '{}' }]));
    await expect(importOsv(zip, dbPath)).rejects.toThrow(/unsafe entry name/);
    expect(existsSync(dbPath)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['evil.zip', 'osv.db']);
  });

  it('reports progress per batch', async () => {
    const progress: number[] = [];
    await importOsv(FIXTURES, join(dir, 'osv.db'), { batchSize: 2, onProgress: (p) => progress.push(p.processed) });
    expect(progress).toEqual([2, 4, 5]);
  });
});
