import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { downloadsDirFor, lockPathFor, statePathFor } from './location.js';
import { openDatabase } from './query.js';
import { fixtureZip, startOsvMirror, type OsvMirror } from './testdata/osv-mirror.js';
import { buildZip } from './testdata/zip-writer.js';
import { readState } from './update-state.js';
import { DatabaseUpdateError, importDatabase, parseEcosystemList, updateDatabase, type UpdateEvent, type UpdateOptions } from './update.js';

let mirror: OsvMirror;
let dir: string;
let dbPath: string;

beforeAll(async () => {
  mirror = await startOsvMirror();
});
afterAll(async () => {
  await mirror.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-update-'));
  dbPath = join(dir, 'osv.sqlite');
  mirror.requests.length = 0;
  mirror.put('/ecosystems.txt', 'Go\nPyPI\n');
  mirror.put('/Go/all.zip', fixtureZip('Go'));
  mirror.put('/PyPI/all.zip', fixtureZip('PyPI'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const update = (options: Partial<UpdateOptions> = {}) => updateDatabase({ dbPath, baseUrl: mirror.baseUrl, backoffMs: 5, timeoutMs: 2000, ...options });

const advisoryIds = (path: string): string[] => {
  const db = openDatabase(path);
  try {
    return ['Go:github.com/gin-gonic/gin', 'PyPI:trac', 'npm:left-pad'].flatMap((key) => {
      const [ecosystem, name] = key.split(':') as [string, string];
      return db.advisoriesFor(ecosystem, name).map((a) => a.id);
    });
  } finally {
    db.close();
  }
};

const npmRecord = JSON.stringify({
  id: 'NPM-1',
  modified: '2024-06-01T00:00:00Z',
  affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.0' }] }] }],
});

/** Files a failed update could leave behind: download parts, database temps, the lock. */
const leftovers = (): string[] =>
  [...readdirSync(dir), ...readdirSync(downloadsDirFor(dbPath)).map((n) => `downloads/${n}`)].filter((n) => /\.(part|tmp|lock)$/.test(n));

describe('updateDatabase', () => {
  it('downloads every listed ecosystem, builds the database and records validators', async () => {
    const events: UpdateEvent[] = [];
    const result = await update({ onEvent: (e) => events.push(e) });
    expect(result).toMatchObject({ rebuilt: true, upToDate: false });
    expect(result.ecosystems.map((o) => [o.ecosystem, o.status])).toEqual([['Go', 'downloaded'], ['PyPI', 'downloaded']]);
    expect(result.import).toMatchObject({ advisories: 3, perEcosystem: { Go: 1, PyPI: 2 }, skippedByCode: { 'invalid-json': 1, 'missing-id': 1 } });
    expect(advisoryIds(dbPath)).toEqual(['GO-2020-0001', 'GHSA-test-0001', 'PYSEC-2005-1']);

    const state = readState(statePathFor(dbPath));
    expect(state.downloads.Go).toMatchObject({ url: `${mirror.baseUrl}/Go/all.zip`, etag: expect.stringMatching(/^"/), lastModified: expect.stringContaining('GMT') });
    expect(state.built?.source).toEqual({ kind: 'download', baseUrl: mirror.baseUrl, ecosystems: ['Go', 'PyPI'] });
    expect(mirror.requests.filter((r) => r.path.endsWith('all.zip')).every((r) => r.headers['if-none-match'] === undefined)).toBe(true);

    const progress = events.filter((e): e is Extract<UpdateEvent, { kind: 'download-progress' }> => e.kind === 'download-progress');
    expect(progress.at(-1)).toMatchObject({ ecosystem: 'PyPI', total: fixtureZip('PyPI').length, received: fixtureZip('PyPI').length });
  });

  it('sends the stored validators and does not rebuild when everything answers 304', async () => {
    await update();
    const before = statSync(dbPath);
    mirror.requests.length = 0;
    const result = await update();
    expect(result).toMatchObject({ rebuilt: false, upToDate: true });
    expect(result.ecosystems.map((o) => o.status)).toEqual(['not-modified', 'not-modified']);
    const go = mirror.requests.find((r) => r.path === '/Go/all.zip');
    expect(go?.status).toBe(304);
    expect(go?.headers['if-none-match']).toBe(readState(statePathFor(dbPath)).downloads.Go?.etag);
    expect(go?.headers['if-modified-since']).toBe(readState(statePathFor(dbPath)).downloads.Go?.lastModified);
    expect(statSync(dbPath).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(dbPath).ino).toBe(before.ino);
  });

  it('rebuilds from the cached zips when one ecosystem changed upstream', async () => {
    await update();
    mirror.put('/PyPI/all.zip', fixtureZip('PyPI', { 'NPM-1.json': npmRecord }));
    mirror.requests.length = 0;
    const result = await update();
    expect(result.ecosystems.map((o) => [o.ecosystem, o.status])).toEqual([['Go', 'not-modified'], ['PyPI', 'downloaded']]);
    expect(result.rebuilt).toBe(true);
    expect(advisoryIds(dbPath)).toEqual(['GO-2020-0001', 'GHSA-test-0001', 'PYSEC-2005-1', 'NPM-1']);
    expect(mirror.requests.filter((r) => r.status === 200).map((r) => r.path)).toEqual(['/ecosystems.txt', '/PyPI/all.zip']);
  });

  it('rebuilds when the selection of ecosystems changes, without downloading again', async () => {
    await update();
    const result = await update({ ecosystems: ['Go'] });
    expect(result).toMatchObject({ rebuilt: true, import: { perEcosystem: { Go: 1 } } });
    expect(result.ecosystems.map((o) => o.status)).toEqual(['not-modified']);
  });

  it('retries a 500 and succeeds', async () => {
    mirror.failNext('/Go/all.zip', 2);
    const retries: UpdateEvent[] = [];
    const result = await update({ ecosystems: ['Go'], onEvent: (e) => e.kind === 'retry' && retries.push(e) });
    expect(result.rebuilt).toBe(true);
    expect(retries).toHaveLength(2);
    expect(mirror.requests.filter((r) => r.path === '/Go/all.zip').map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('gives up after the last attempt on a persistent 500 and keeps the old database', async () => {
    await update();
    mirror.put('/Go/all.zip', fixtureZip('Go', { 'NPM-1.json': npmRecord }));
    mirror.failNext('/Go/all.zip', 10);
    const result = await update({ attempts: 3 });
    expect(result.rebuilt).toBe(false);
    const go = result.ecosystems.find((o) => o.ecosystem === 'Go');
    expect(go).toMatchObject({ status: 'failed', error: { kind: 'http', status: 500 } });
    expect(advisoryIds(dbPath)).not.toContain('NPM-1');
    mirror.failNext('/Go/all.zip', 0);
  });

  it('explains an unknown ecosystem (404) and leaves the database untouched', async () => {
    await update();
    const before = readFileSync(dbPath);
    const result = await update({ ecosystems: ['Go', 'Nope'] });
    expect(result.rebuilt).toBe(false);
    const nope = result.ecosystems.find((o) => o.ecosystem === 'Nope');
    expect(nope?.error?.message).toMatch(/no ecosystem "Nope" at http:\/\/127\.0\.0\.1:\d+ .*answered 404.*ecosystems\.txt/);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
  });

  it('keeps the old database and leaves no temp file when a download is cut midway', async () => {
    await update();
    const before = readFileSync(dbPath);
    const zipBefore = readdirSync(downloadsDirFor(dbPath)).sort();
    mirror.put('/PyPI/all.zip', fixtureZip('PyPI', { 'NPM-1.json': npmRecord }));
    mirror.cut('/PyPI/all.zip');
    try {
      const result = await update({ attempts: 2 });
      const pypi = result.ecosystems.find((o) => o.ecosystem === 'PyPI');
      expect(pypi).toMatchObject({ status: 'failed', error: { kind: 'network' } });
      expect(result.rebuilt).toBe(false);
    } finally {
      mirror.cut('/PyPI/all.zip', false);
    }
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(readdirSync(downloadsDirFor(dbPath)).sort()).toEqual(zipBefore);
    expect(leftovers()).toEqual([]);
    // The next run picks up where it failed.
    expect((await update()).rebuilt).toBe(true);
    expect(advisoryIds(dbPath)).toContain('NPM-1');
  });

  it('keeps the old database when the downloaded zip is hostile', async () => {
    await update();
    const before = readFileSync(dbPath);
    mirror.put('/Go/all.zip', buildZip([{ name: '../evil.json', data: npmRecord }]));
    await expect(update()).rejects.toThrow(DatabaseUpdateError);
    await expect(update()).rejects.toThrow(/import failed: unsafe entry name.*previous database .* is unchanged/);
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    expect(leftovers()).toEqual([]);
  });

  it('downloads unconditionally with --force, or when the cached zip is gone', async () => {
    await update();
    mirror.requests.length = 0;
    expect((await update({ force: true })).rebuilt).toBe(true);
    expect(mirror.requests.filter((r) => r.path.endsWith('all.zip')).map((r) => [r.status, r.headers['if-none-match']])).toEqual([[200, undefined], [200, undefined]]);

    rmSync(join(downloadsDirFor(dbPath), readState(statePathFor(dbPath)).downloads.Go!.file));
    mirror.requests.length = 0;
    const result = await update();
    expect(result.ecosystems.map((o) => o.status)).toEqual(['downloaded', 'not-modified']);
    expect(result.upToDate).toBe(true);
  });

  it('rebuilds after the database was replaced by an import', async () => {
    await update();
    const other = join(dir, 'one');
    writeFileSync(other, npmRecord);
    await importDatabase([other], dbPath);
    expect(advisoryIds(dbPath)).toEqual(['NPM-1']);
    expect((await update()).rebuilt).toBe(true);
    expect(advisoryIds(dbPath)).toEqual(['GO-2020-0001', 'GHSA-test-0001', 'PYSEC-2005-1']);
  });

  it('refuses to run beside a live update, and takes over a stale lock', async () => {
    writeFileSync(lockPathFor(dbPath), String(process.pid));
    await expect(update()).rejects.toThrow(/another rampart db update or import is running/);
    writeFileSync(lockPathFor(dbPath), '999999999');
    expect((await update()).rebuilt).toBe(true);
    expect(existsSync(lockPathFor(dbPath))).toBe(false);
  });

  it('fails clearly when the ecosystem list cannot be fetched, or names are unsafe', async () => {
    mirror.put('/ecosystems.txt', '');
    await expect(update()).rejects.toThrow(/lists no ecosystem/);
    await expect(update({ baseUrl: `${mirror.baseUrl}/missing` })).rejects.toThrow(/ecosystems\.txt: not found \(HTTP 404\)/);
    await expect(update({ baseUrl: 'http://127.0.0.1:1', attempts: 1 })).rejects.toThrow(/ECONNREFUSED/);
    await expect(update({ ecosystems: ['../etc'] })).rejects.toThrow(/not an ecosystem name: "\.\.\/etc"/);
    await expect(update({ baseUrl: 'ftp://mirror' })).rejects.toThrow(/https:\/\/ \(or http:\/\/ for a local mirror\)/);
    expect(existsSync(dbPath)).toBe(false);
  });
});

describe('parseEcosystemList', () => {
  it('reads one name a line, drops releases of listed ecosystems and reports invalid names', () => {
    expect(parseEcosystemList('Debian\r\nDebian:12\nAlpine:v3.19\n\n# comment\nGitHub Actions\nnpm\nnpm\n../x\n')).toEqual({
      ecosystems: ['Debian', 'Alpine:v3.19', 'GitHub Actions', 'npm'],
      ignored: ['../x'],
    });
    expect(parseEcosystemList('')).toEqual({ ecosystems: [], ignored: [] });
  });
});

describe('importDatabase', () => {
  it('merges several sources and records them as the source', async () => {
    const json = join(dir, 'npm.json');
    writeFileSync(json, npmRecord);
    const zip = join(dir, 'go.zip');
    writeFileSync(zip, fixtureZip('Go'));
    const result = await importDatabase([zip, json], dbPath);
    expect(result).toMatchObject({ advisories: 2, perEcosystem: { Go: 1, npm: 1 } });
    expect(readState(statePathFor(dbPath)).built?.source).toEqual({ kind: 'import', paths: [zip, json] });
  });

  it('refuses a missing path before touching anything', async () => {
    await expect(importDatabase([join(dir, 'missing')], dbPath)).rejects.toThrow(/cannot read .*missing/);
    await expect(importDatabase([], dbPath)).rejects.toThrow(/nothing to import/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
