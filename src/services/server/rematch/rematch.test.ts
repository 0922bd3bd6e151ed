import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Package } from '../../../core/package.js';
import { importOsv, openDatabase, type OsvDatabase } from '../../../checks/vulnerabilities/database/index.js';
import { matchPackages } from '../../../checks/vulnerabilities/match/index.js';
import { isEmptyDiff, recordedMatch, rematchInventories, type ImageRematch, type RecordedMatch, type StoredInventory } from './index.js';

const FIXTURES = fileURLToPath(new URL('../../../checks/vulnerabilities/match/testdata/osv', import.meta.url));

const npm = (name: string, version: string, file = 'app/package-lock.json'): Package => ({ name, version, ecosystem: 'npm', purl: `pkg:npm/${name}@${version}`, file });
const pypi = (name: string, version: string): Package => ({ name, version, ecosystem: 'PyPI', purl: `pkg:pypi/${name}@${version}`, file: 'app/requirements.txt' });
const deb = (name: string, source: string, version: string, arch: string): Package => ({
  name,
  version,
  ecosystem: 'Debian:12',
  purl: `pkg:deb/debian/${name}@${version}?arch=${arch}&distro=debian-12`,
  sourceName: source,
  sourceVersion: version,
  arch,
  file: 'var/lib/dpkg/status',
});

/** Images sharing packages in varied combinations: the same version in several files, OS binaries of one source. */
function images(): StoredInventory[] {
  const pool: Package[][] = [
    [npm('lodash', '4.17.15'), npm('lodash', '4.17.15', 'web/package-lock.json'), npm('ip', '2.0.0'), npm('left-pad', '1.3.0')],
    [npm('lodash', '4.17.21'), npm('ip', '2.0.1')],
    [deb('libc6', 'glibc', '2.36-9+deb12u1', 'amd64'), deb('libc-bin', 'glibc', '2.36-9+deb12u1', 'amd64'), deb('zlib1g', 'zlib', '1:1.2.13.dfsg-1', 'amd64')],
    [deb('libc6', 'glibc', '2.36-9+deb12u1', 'arm64'), pypi('Django', '4.2.1'), pypi('beaker', '1.6.4')],
    [pypi('django', '3.2.19'), { name: 'stdlib', version: '1.16.0', ecosystem: 'Go', purl: 'pkg:golang/stdlib@1.16.0', file: 'usr/bin/app' }],
    [{ name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1', ecosystem: 'Maven', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', file: 'app.jar' }],
    [],
    // One binary name and version built from different sources in different images: each keeps its own verdict.
    [deb('libx', 'zlib', '1:1.2.13.dfsg-1', 'amd64')],
    [deb('libx', 'glibc', '1:1.2.13.dfsg-1', 'amd64'), npm('ip', '1.1.5')],
  ];
  const out: StoredInventory[] = [];
  for (let i = 0; i < 40; i++) {
    const packages = [...pool[i % pool.length]!, ...pool[(i * 3 + 1) % pool.length]!, ...(i % 5 === 0 ? pool[(i + 2) % pool.length]! : [])];
    out.push({ digest: `sha256:${String(i).padStart(64, '0')}`, packages, previous: [] });
  }
  return out;
}

async function collect(results: AsyncIterable<ImageRematch>): Promise<ImageRematch[]> {
  const list: ImageRematch[] = [];
  for await (const result of results) list.push(result);
  return list;
}

let dir: string;
const opened: OsvDatabase[] = [];

/** A database of the fixtures plus `extra` records (written over fixtures of the same file name). */
async function database(name: string, extra: Record<string, unknown> = {}): Promise<OsvDatabase> {
  const source = join(dir, name);
  cpSync(FIXTURES, source, { recursive: true });
  for (const [file, record] of Object.entries(extra)) writeFileSync(join(source, file), JSON.stringify(record));
  await importOsv(source, join(dir, `${name}.db`));
  const db = openDatabase(join(dir, `${name}.db`));
  opened.push(db);
  return db;
}

const NEW_NPM = {
  id: 'GHSA-new0-0000-0001',
  modified: '2025-01-01T00:00:00Z',
  aliases: ['CVE-2025-0001'],
  affected: [{ package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.3.1' }] }] }],
};
const NEW_DEBIAN = {
  id: 'DEBIAN-CVE-2025-0002',
  modified: '2025-01-01T00:00:00Z',
  affected: [{ package: { ecosystem: 'Debian:12', name: 'zlib' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-rematch-'));
});
afterAll(() => {
  for (const db of opened) db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('rematchInventories', () => {
  it('gives every image exactly the findings matchPackages gives it, whatever the batch size', async () => {
    const db = await database('base');
    const stored = images();
    const results = await collect(rematchInventories(db, stored));
    const oneByOne = await collect(rematchInventories(db, stored, { batchSize: 1 }));
    expect(results.map((r) => r.digest)).toEqual(stored.map((s) => s.digest));
    let total = 0;
    stored.forEach((image, i) => {
      const expected = matchPackages(db, image.packages).findings;
      expect(results[i]!.findings).toEqual(expected);
      expect(oneByOne[i]!.findings).toEqual(expected);
      total += expected.length;
    });
    // The fixture images do hit lodash, ip, glibc, Django, beaker, Go stdlib and log4j: the comparison is not vacuous.
    expect(total).toBeGreaterThan(100);
    expect(results.some((r) => r.findings.some((f) => f.package.purl.includes('arch=arm64') && f.id === 'CVE-2023-4911'))).toBe(true);
    const libx = (r: ImageRematch) => r.findings.filter((f) => f.package.name === 'libx').map((f) => f.id);
    expect(results.filter((r) => libx(r).includes('CVE-2010-4756')).length).toBeGreaterThan(0);
    expect(stored.filter((image, i) => image.packages.some((p) => p.name === 'libx') && libx(results[i]!).length === 0).length).toBeGreaterThan(0);
  });

  it('matches each distinct package version once and reports progress per batch', async () => {
    const db = await database('progress');
    const stored = images();
    const batches: Array<{ images: number; distinctPackages: number }> = [];
    await collect(rematchInventories(db, stored, { batchSize: 10, onBatch: (p) => batches.push(p) }));
    const distinct = new Set(stored.flatMap((s) => s.packages.map((p) => `${p.ecosystem}/${p.name}@${p.version}/${p.sourceName ?? ''}`)));
    expect(batches.map((b) => b.images)).toEqual([10, 20, 30, 40]);
    expect(batches.at(-1)!.distinctPackages).toBe(distinct.size);
  });

  it('reports for a first match everything as added, and nothing on an unchanged database', async () => {
    const db = await database('same');
    const first = await collect(rematchInventories(db, images()));
    for (const result of first) expect(result.diff.added).toEqual(result.findings);
    const again = await collect(rematchInventories(db, images().map((image, i) => ({ ...image, previous: first[i]!.findings.map(recordedMatch) }))));
    for (const result of again) expect(isEmptyDiff(result.diff)).toBe(true);
  });

  it('lists exactly the advisories added to the database, in exactly the images they affect', async () => {
    const before = await database('before');
    const recorded = (await collect(rematchInventories(before, images()))).map((r) => r.findings.map(recordedMatch));
    const after = await database('after', { 'GHSA-new.json': NEW_NPM, 'DEBIAN-CVE-2025-0002.json': NEW_DEBIAN });
    const stored = images().map((image, i) => ({ ...image, previous: recorded[i]! }));
    const results = await collect(rematchInventories(after, stored));
    stored.forEach((image, i) => {
      const { diff } = results[i]!;
      // Whatever the new database reports through one of the new records, and nothing else.
      const expected = matchPackages(after, image.packages)
        .findings.filter((f) => f.advisories.some((id) => id === NEW_NPM.id || id === NEW_DEBIAN.id))
        .map((f) => `${f.id} ${f.package.name}`)
        .sort();
      expect(diff.added.map((f) => `${f.id} ${f.package.name}`).sort()).toEqual(expected);
      expect(diff.gone).toEqual([]);
      expect(diff.fixAvailable).toEqual([]);
      expect(diff.severityChanged).toEqual([]);
    });
    expect(results.filter((r) => r.diff.added.length > 0).length).toBeGreaterThan(5);
    expect(new Set(results.flatMap((r) => r.diff.added.map((f) => f.id)))).toEqual(new Set(['CVE-2025-0001', 'CVE-2025-0002']));
  });

  it('reports withdrawn advisories as gone, new fixes and changed severities', async () => {
    const before = await database('edit-before', { 'DEBIAN-CVE-2025-0002.json': NEW_DEBIAN });
    const recorded = (await collect(rematchInventories(before, images()))).map((r) => r.findings.map(recordedMatch));
    const fixed = { ...NEW_DEBIAN, modified: '2025-02-01T00:00:00Z', affected: [{ ...NEW_DEBIAN.affected[0], ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:1.3-1' }] }] }] };
    const rated = { ...NEW_DEBIAN, id: 'DEBIAN-CVE-2025-0002', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] };
    const withdrawn = { id: 'GHSA-35jh-r3h4-6jhm', modified: '2025-01-01T00:00:00Z', withdrawn: '2025-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }] }] };
    const after = await database('edit-after', { 'DEBIAN-CVE-2025-0002.json': { ...fixed, severity: rated.severity }, 'npm/GHSA-35jh-r3h4-6jhm.json': withdrawn });
    const results = await collect(rematchInventories(after, images().map((image, i) => ({ ...image, previous: recorded[i]! }))));
    const zlibImage = results.findIndex((_, i) => images()[i]!.packages.some((p) => p.sourceName === 'zlib'));
    const zlib = results[zlibImage]!.diff;
    expect(zlib.fixAvailable.map((f) => [f.id, f.fixedVersions])).toEqual([['CVE-2025-0002', ['1:1.3-1']]]);
    expect(zlib.severityChanged.map((c) => [c.finding.id, c.previous, c.finding.severity.level])).toEqual([['CVE-2025-0002', 'unknown', 'critical']]);
    const lodashImage = images().findIndex((image) => image.packages.some((p) => p.name === 'lodash' && p.version === '4.17.15'));
    const gone: RecordedMatch[] = results[lodashImage]!.diff.gone;
    expect(gone.map((g) => `${g.id} ${g.name}@${g.version}`)).toEqual(['CVE-2021-23337 lodash@4.17.15']);
    expect(results[lodashImage]!.diff.added).toEqual([]);
  });

  it('treats a recorded id that became an alias as the same vulnerability', async () => {
    const db = await database('alias');
    const [image] = images();
    const [result] = await collect(rematchInventories(db, [image!]));
    const finding = result!.findings.find((f) => f.aliases.length > 0)!;
    const renamed: RecordedMatch = { ...recordedMatch(finding), id: finding.aliases[0]! };
    const [again] = await collect(rematchInventories(db, [{ ...image!, previous: [renamed] }]));
    expect(again!.diff.gone).toEqual([]);
    expect(again!.diff.added).not.toContainEqual(finding);
  });
});
