import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOsv } from './import.js';
import { statePathFor } from './location.js';
import { databaseAgeWarning, describeDatabase, openDatabaseOrExplain } from './staleness.js';
import { formatAge, parseMaxAge } from './max-age.js';
import { OSV_FIXTURES } from './testdata/osv-mirror.js';
import { writeState } from './update-state.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-stale-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;

async function database(): Promise<{ path: string; importedAt: Date }> {
  const path = join(dir, 'osv.sqlite');
  await importOsv(OSV_FIXTURES, path);
  const opened = openDatabaseOrExplain(path);
  if (!opened.ok) throw new Error(opened.message);
  const importedAt = new Date(opened.db.status().importedAt);
  opened.db.close();
  return { path, importedAt };
}

describe('durations', () => {
  it('parses units, defaults to days and rejects anything else', () => {
    expect(parseMaxAge('3d')).toBe(3 * DAY);
    expect(parseMaxAge('12h')).toBe(12 * 3_600_000);
    expect(parseMaxAge('90m')).toBe(90 * 60_000);
    expect(parseMaxAge('2w')).toBe(14 * DAY);
    expect(parseMaxAge('30s')).toBe(30_000);
    expect(parseMaxAge('5')).toBe(5 * DAY);
    for (const bad of ['', 'd', '-1d', '1.5d', '3 days', '3y', '9999999d']) expect(parseMaxAge(bad), bad).toBeUndefined();
  });

  it('formats the largest whole unit', () => {
    expect(formatAge(3 * DAY + 5)).toBe('3 days');
    expect(formatAge(DAY)).toBe('1 day');
    expect(formatAge(2 * 3_600_000)).toBe('2 hours');
    expect(formatAge(61_000)).toBe('1 minute');
    expect(formatAge(0)).toBe('0 minutes');
  });
});

describe('openDatabaseOrExplain', () => {
  it('explains a missing or unreadable database instead of throwing', () => {
    const missing = join(dir, 'none.sqlite');
    expect(openDatabaseOrExplain(missing)).toEqual({
      ok: false,
      message: `no vulnerability database at ${missing}: run \`rampart db update\` (or \`rampart db import\` offline)`,
    });
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'this is not sqlite, just text long enough to look like a header of some file');
    const result = openDatabaseOrExplain(garbage);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^cannot use the vulnerability database at .*garbage\.sqlite \(.+\): run `rampart db update`/);
  });
});

describe('age and status', () => {
  it('warns only past the maximum age, with an injected clock', async () => {
    const { path, importedAt } = await database();
    const at = (ms: number) => new Date(importedAt.getTime() + ms);
    expect(databaseAgeWarning(path, at(6 * DAY), 7 * DAY)).toBeUndefined();
    expect(databaseAgeWarning(path, at(8 * DAY))).toBe(
      `the vulnerability database at ${path} is 8 days old (imported ${importedAt.toISOString()}): run \`rampart db update\` for recent advisories`,
    );
    expect(databaseAgeWarning(path, at(4 * DAY), 3 * DAY)).toMatch(/is 4 days old/);
    expect(databaseAgeWarning(join(dir, 'missing'), at(100 * DAY))).toBeUndefined();
  });

  it('describes the database, with its source only when the state file matches it', async () => {
    const { path, importedAt } = await database();
    const now = new Date(importedAt.getTime() + 2 * DAY);
    const described = describeDatabase(path, now);
    expect(described).toEqual({
      ok: true,
      report: {
        path,
        importedAt: importedAt.toISOString(),
        ageSeconds: 2 * 86_400,
        advisories: 3,
        perEcosystem: { Go: 1, PyPI: 2 },
        source: null,
        maxAgeSeconds: 7 * 86_400,
        stale: false,
      },
    });
    const source = { kind: 'import' as const, paths: [OSV_FIXTURES] };
    writeState(statePathFor(path), { version: 1, downloads: {}, built: { importedAt: importedAt.toISOString(), source, zips: {} } });
    expect(describeDatabase(path, now, DAY)).toMatchObject({ ok: true, report: { source, stale: true, maxAgeSeconds: 86_400 } });
    writeState(statePathFor(path), { version: 1, downloads: {}, built: { importedAt: 'another database', source, zips: {} } });
    expect(describeDatabase(path, now)).toMatchObject({ ok: true, report: { source: null } });
  });
});
