import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyState, needsRebuild, readState, writeState, type CachedDownload, type UpdateState } from './update-state.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha = (c: string) => c.repeat(64);
const download: CachedDownload = { url: 'https://x/npm/all.zip', file: 'npm-1234abcd.zip', bytes: 10, sha256: sha('a'), downloadedAt: '2024-01-01T00:00:00Z', etag: '"e1"' };
const built = (zips: Record<string, string>, baseUrl = 'https://x', importedAt = 'T1'): UpdateState => ({
  version: 1,
  downloads: {},
  built: { importedAt, source: { kind: 'download', baseUrl, ecosystems: Object.keys(zips) }, zips },
});

describe('state file', () => {
  it('round-trips and leaves no temp file', () => {
    const path = join(dir, 'state.json');
    const state: UpdateState = { ...built({ npm: sha('a') }), downloads: { npm: download } };
    writeState(path, state);
    expect(readState(path)).toEqual(state);
    writeState(path, emptyState());
    expect(readState(path)).toEqual(emptyState());
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('reads a missing, damaged or foreign file as empty, never throwing', () => {
    const path = join(dir, 'state.json');
    expect(readState(path)).toEqual(emptyState());
    for (const text of ['', '{', 'null', '[]', '{"version":2,"downloads":{}}', '"x"', '{"version":1,"downloads":[1]}']) {
      writeFileSync(path, text);
      expect(readState(path), text).toEqual(emptyState());
    }
    writeFileSync(path, Buffer.alloc(5 * 1024 * 1024, 32));
    expect(readState(path)).toEqual(emptyState());
  });

  it('drops entries that could point outside the downloads directory or are malformed', () => {
    const path = join(dir, 'state.json');
    const bad = (over: Record<string, unknown>) => ({ ...download, ...over });
    writeFileSync(
      path,
      JSON.stringify({
        version: 1,
        downloads: {
          ok: download,
          up: bad({ file: '../../etc/passwd.zip' }),
          abs: bad({ file: '/tmp/x.zip' }),
          hidden: bad({ file: '.x.zip' }),
          size: bad({ bytes: -1 }),
          hash: bad({ sha256: 'nope' }),
          etag: bad({ etag: 5 }),
        },
        built: { importedAt: 'T', source: { kind: 'mystery' }, zips: {} },
      }),
    );
    const state = readState(path);
    expect(Object.keys(state.downloads)).toEqual(['ok', 'etag']);
    expect(state.downloads.etag?.etag).toBeUndefined();
    expect(state.built).toBeUndefined();
  });
});

describe('needsRebuild', () => {
  const zips = { Go: sha('a'), npm: sha('b') };
  it('is false only for the same zips, base URL and database', () => {
    expect(needsRebuild(built(zips), 'https://x', { npm: sha('b'), Go: sha('a') }, 'T1')).toBe(false);
    expect(needsRebuild(built(zips), 'https://x', { ...zips, npm: sha('c') }, 'T1')).toBe(true);
    expect(needsRebuild(built(zips), 'https://x', { Go: sha('a') }, 'T1')).toBe(true);
    expect(needsRebuild(built(zips), 'https://x', { ...zips, PyPI: sha('d') }, 'T1')).toBe(true);
    expect(needsRebuild(built(zips), 'https://mirror', zips, 'T1')).toBe(true);
    expect(needsRebuild(built(zips), 'https://x', zips, 'T2')).toBe(true);
    expect(needsRebuild(built(zips), 'https://x', zips, undefined)).toBe(true);
    expect(needsRebuild(emptyState(), 'https://x', zips, 'T1')).toBe(true);
    const imported: UpdateState = { version: 1, downloads: {}, built: { importedAt: 'T1', source: { kind: 'import', paths: ['/a'] }, zips: {} } };
    expect(needsRebuild(imported, 'https://x', {}, 'T1')).toBe(true);
  });
});
