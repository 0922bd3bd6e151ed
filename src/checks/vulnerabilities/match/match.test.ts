import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../core/fingerprint.js';
import { importOsv, openDatabase, type OsvDatabase } from '../database/index.js';
import type { Package } from '../../../core/package.js';
import { matchPackages } from './match.js';

const FIXTURES = fileURLToPath(new URL('./testdata/osv', import.meta.url));

let dir: string;
let db: OsvDatabase;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-match-'));
  const source = join(dir, 'records');
  cpSync(FIXTURES, source, { recursive: true });
  // Withdrawn records stay in the database but must never match.
  writeFileSync(
    join(source, 'GHSA-withdrawn.json'),
    JSON.stringify({
      id: 'GHSA-7fh5-64p2-3v2j',
      modified: '2024-01-01T00:00:00Z',
      withdrawn: '2024-01-02T00:00:00Z',
      affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }],
    }),
  );
  // A distribution record from before osv-schema 1.7 (no `upstream`) and a notice naming the same CVE as upstream.
  const zlib = { package: { ecosystem: 'Ubuntu:22.04:LTS', name: 'zlib' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:1.2.11.dfsg-2ubuntu9.2' }] }] };
  writeFileSync(join(source, 'UBUNTU-CVE-2022-37434.json'), JSON.stringify({ id: 'UBUNTU-CVE-2022-37434', modified: '2024-01-01T00:00:00Z', affected: [zlib] }));
  writeFileSync(
    join(source, 'USN-5570-1.json'),
    JSON.stringify({ id: 'USN-5570-1', modified: '2024-01-01T00:00:00Z', upstream: ['CVE-2022-37434'], affected: [zlib] }),
  );
  // An ecosystem without a version ordering: its SEMVER ranges still apply, its ECOSYSTEM ranges cannot be evaluated.
  const action = { ecosystem: 'GitHub Actions', name: 'acme/deploy' };
  writeFileSync(
    join(source, 'GHSA-semver.json'),
    JSON.stringify({ id: 'GHSA-semv-er00-0001', modified: '2024-01-01T00:00:00Z', affected: [{ package: action, ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.3.0' }] }] }] }),
  );
  writeFileSync(
    join(source, 'GHSA-ecosystem.json'),
    JSON.stringify({ id: 'GHSA-ecos-yst0-0001', modified: '2024-01-01T00:00:00Z', affected: [{ package: action, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.0' }] }] }] }),
  );
  // CRAN orders `1.8-1` below `1.9.0` (separators do not count); Hackage orders `2.0.3` below `2.0.3.0`.
  writeFileSync(
    join(source, 'RSEC-2023-0001.json'),
    JSON.stringify({ id: 'RSEC-2023-0001', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'CRAN', name: 'commonmark' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.9.0' }] }] }] }),
  );
  writeFileSync(
    join(source, 'HSEC-2023-0001.json'),
    JSON.stringify({ id: 'HSEC-2023-0001', modified: '2024-01-01T00:00:00Z', affected: [{ package: { ecosystem: 'Hackage', name: 'aeson' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0.3.0' }, { fixed: '2.2.0.0' }] }] }] }),
  );
  await importOsv(source, join(dir, 'osv.db'));
  db = openDatabase(join(dir, 'osv.db'));
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const npm = (name: string, version: string, file = 'package-lock.json'): Package => ({
  name,
  version,
  ecosystem: 'npm',
  purl: `pkg:npm/${name}@${version}`,
  file,
});

const ids = (packages: Package[], options = {}) => matchPackages(db, packages, options).findings.map((f) => `${f.package.name}@${f.package.version} ${f.id}`);

describe('matchPackages: OSV range semantics', () => {
  it('applies SEMVER introduced/fixed, introduced "0", and leaves out withdrawn records', () => {
    expect(ids([npm('lodash', '4.17.15')])).toEqual(['lodash@4.17.15 CVE-2020-8203', 'lodash@4.17.15 CVE-2021-23337']);
    expect(ids([npm('lodash', '3.6.0')])).toEqual(['lodash@3.6.0 CVE-2021-23337']); // below introduced 3.7.0
    expect(ids([npm('lodash', '4.17.19')])).toEqual(['lodash@4.17.19 CVE-2021-23337']); // fixed is exclusive
    expect(ids([npm('lodash', '4.17.21')])).toEqual([]);
  });

  it('treats last_affected as inclusive and reports no fix for it', () => {
    const { findings } = matchPackages(db, [npm('ip', '2.0.1')]);
    expect(findings.map((f) => [f.id, f.fixedVersions])).toEqual([['CVE-2024-29415', []]]);
    expect(ids([npm('ip', '2.0.2')])).toEqual([]);
    expect(ids([npm('ip', '2.0.1')], { ignoreUnfixed: true })).toEqual([]);
  });

  it('sorts unsorted events with several introduced in one range, and lists only the fixes above the version', () => {
    const django = (version: string): Package => ({ name: 'Django', version, ecosystem: 'PyPI', purl: `pkg:pypi/django@${version}`, file: 'requirements.txt' });
    expect(ids([django('3.1.14')])).toEqual([]);
    expect(ids([django('4.1.10')])).toEqual([]);
    const { findings } = matchPackages(db, [django('4.0.5')]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      id: 'CVE-2023-36053',
      aliases: ['GHSA-jh3w-4vvf-mjgr', 'PYSEC-2023-100'],
      advisories: ['GHSA-jh3w-4vvf-mjgr', 'PYSEC-2023-100'],
      severity: { level: 'high', score: 7.5, source: 'CVSS_V3' },
      fixedVersions: ['4.1.10', '4.2.3'],
      summary: 'Django Regular Expression Denial of Service in EmailValidator/URLValidator',
    });
  });

  it('matches through the explicit versions list and ignores GIT ranges', () => {
    // 4.1a1 sorts before 4.1 in PEP 440 and is still inside [4.0, 4.1.10); the list names it too.
    expect(ids([{ name: 'django', version: '4.1a1', ecosystem: 'PyPI', purl: 'pkg:pypi/django@4.1a1', file: 'r.txt' }])).toEqual([
      'django@4.1a1 CVE-2023-36053',
    ]);
    const beaker = matchPackages(db, [{ name: 'Beaker', version: '1.6.4', ecosystem: 'PyPI', purl: 'pkg:pypi/beaker@1.6.4', file: 'r.txt' }]);
    expect(beaker.findings.map((f) => [f.id, f.advisories, f.fixedVersions, f.severity])).toEqual([
      ['CVE-2012-3458', ['PYSEC-2012-1'], ['1.6.5.post1'], { level: 'unknown', source: 'unknown' }],
    ]);
  });

  it('matches Go stdlib with SemVer ordering and Maven group:artifact across several affected entries', () => {
    const stdlib: Package = { name: 'stdlib', version: '1.16.0', ecosystem: 'Go', purl: 'pkg:golang/stdlib@1.16.0', file: 'go.mod' };
    expect(ids([stdlib])).toEqual(['stdlib@1.16.0 CVE-2021-27919']);
    expect(ids([{ ...stdlib, version: '1.15.9' }])).toEqual([]);
    const log4j = (version: string): Package => ({
      name: 'org.apache.logging.log4j:log4j-core',
      version,
      ecosystem: 'Maven',
      purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${version}`,
      file: 'pom.xml',
    });
    const { findings } = matchPackages(db, [log4j('2.14.1'), log4j('2.12.2'), log4j('2.0-beta9')]);
    expect(findings.map((f) => [f.package.version, f.id, f.severity.level, f.fixedVersions])).toEqual([
      ['2.0-beta9', 'CVE-2021-44228', 'critical', ['2.3.1']],
      ['2.14.1', 'CVE-2021-44228', 'critical', ['2.15.0']],
    ]);
  });

  it('skips advisories against versions the ecosystem cannot order, with one counted warning', () => {
    const result = matchPackages(db, [npm('lodash', 'not-a-version'), npm('lodash', '4.x')]);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^advisories not checked because a version does not parse in its ecosystem: 4 \(e\.g\. GHSA-/);
  });
});

describe('matchPackages: OS packages', () => {
  const deb = (name: string, version: string, ecosystem = 'Debian:12'): Package => ({
    name,
    version,
    ecosystem,
    purl: `pkg:deb/debian/${name}@${version}?arch=amd64&distro=debian-12.1`,
    sourceName: 'glibc',
    sourceVersion: '2.36-9+deb12u1',
    file: 'var/lib/dpkg/status',
  });

  it('matches Debian by source package and merges a DSA with its DEBIAN-CVE twin through upstream', () => {
    const { findings } = matchPackages(db, [deb('libc6', '2.36-9+deb12u1'), deb('libc-bin', '2.36-9+deb12u1')]);
    const libc6 = findings.filter((f) => f.package.name === 'libc6');
    expect(libc6.map((f) => f.id)).toEqual(['CVE-2023-4911', 'CVE-2010-4756']);
    expect(libc6[0]).toMatchObject({
      aliases: ['DEBIAN-CVE-2023-4911', 'DSA-5514-1'],
      advisories: ['DEBIAN-CVE-2023-4911', 'DSA-5514-1'],
      severity: { level: 'high', score: 7.8, source: 'CVSS_V3' },
      fixedVersions: ['2.36-9+deb12u3'],
      summary: 'glibc - security update',
      package: { name: 'libc6', sourceName: 'glibc', ecosystem: 'Debian:12' },
    });
    // Debian's "unimportant" urgency is the only rating of the unfixed one; ignoreUnfixed drops it.
    expect(libc6[1]).toMatchObject({ severity: { level: 'low', source: 'affected.ecosystem_specific.urgency' }, fixedVersions: [] });
    expect(findings.filter((f) => f.package.name === 'libc-bin')).toHaveLength(2);
    expect(matchPackages(db, [deb('libc6', '2.36-9+deb12u1')], { ignoreUnfixed: true }).findings.map((f) => f.id)).toEqual(['CVE-2023-4911']);
  });

  it('joins a record without upstream to its CVE through its id, and a notice through its stored upstream', () => {
    const zlib: Package = {
      name: 'zlib1g',
      version: '1:1.2.11.dfsg-2ubuntu9',
      ecosystem: 'Ubuntu:22.04:LTS',
      purl: 'pkg:deb/ubuntu/zlib1g@1:1.2.11.dfsg-2ubuntu9',
      sourceName: 'zlib',
      sourceVersion: '1:1.2.11.dfsg-2ubuntu9',
      file: 'var/lib/dpkg/status',
    };
    expect(matchPackages(db, [zlib]).findings.map((f) => [f.id, f.advisories, f.fixedVersions])).toEqual([
      ['CVE-2022-37434', ['UBUNTU-CVE-2022-37434', 'USN-5570-1'], ['1:1.2.11.dfsg-2ubuntu9.2']],
    ]);
  });

  it('checks only release-independent records for a bare family and says so', () => {
    const result = matchPackages(db, [deb('libc6', '2.36-9+deb12u1', 'Debian')]);
    expect(result.findings).toEqual([]);
    expect(result.warnings).toEqual([
      'OS packages whose distribution release is unknown (only release-independent advisories checked): 1 (e.g. Debian/libc6)',
    ]);
  });

  it('matches Alpine by origin', () => {
    const pkg: Package = {
      name: 'libcrypto3',
      version: '3.1.3-r0',
      ecosystem: 'Alpine:v3.18',
      purl: 'pkg:apk/alpine/libcrypto3@3.1.3-r0',
      sourceName: 'openssl',
      sourceVersion: '3.1.3-r0',
      file: 'lib/apk/db/installed',
    };
    expect(matchPackages(db, [pkg]).findings.map((f) => [f.id, f.aliases, f.fixedVersions])).toEqual([
      ['CVE-2023-5363', ['ALPINE-CVE-2023-5363'], ['3.1.4-r0']],
    ]);
    expect(ids([{ ...pkg, ecosystem: 'Alpine:v3.19' }])).toEqual([]);
  });

  it('matches Red Hat by binary name under every repository of the release, not EUS streams or other releases', () => {
    const rpm = (ecosystem: string, version = '115.5.0-1.el9_3'): Package => ({
      name: 'thunderbird',
      version,
      ecosystem,
      purl: `pkg:rpm/redhat/thunderbird@${version}`,
      sourceName: 'thunderbird',
      sourceVersion: version,
      file: 'var/lib/rpm/rpmdb.sqlite',
    });
    const { findings } = matchPackages(db, [rpm('Red Hat:enterprise_linux:9')]);
    // One advisory naming two CVEs with no per-CVE record: a single finding, not two copies of the same fix.
    expect(findings.map((f) => [f.id, f.aliases, f.advisories, f.fixedVersions])).toEqual([
      ['CVE-2023-6856', ['CVE-2023-50761', 'RHSA-2024:0001'], ['RHSA-2024:0001'], ['0:115.6.0-1.el9_3']],
    ]);
    expect(ids([rpm('Red Hat:enterprise_linux:9', '0:115.6.0-1.el9_3')])).toEqual([]);
    expect(ids([rpm('Red Hat:enterprise_linux:8')])).toEqual([]);
  });
});

describe('matchPackages: findings', () => {
  it('reports one finding per package version with every location, a stable fingerprint, and layers when given', () => {
    const layer = { digest: 'sha256:abc' };
    const { findings } = matchPackages(db, [npm('ip', '2.0.1', 'node_modules/ip/package.json'), npm('ip', '2.0.1', 'package-lock.json'), npm('ip', '2.0.1')], {
      layerOf: () => layer,
    });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.locations).toEqual([
      { file: 'node_modules/ip/package.json', layer },
      { file: 'package-lock.json', layer },
    ]);
    expect(findings[0]!.fingerprint).toBe(fingerprintOf('vuln:CVE-2024-29415', 'node_modules/ip/package.json', 'npm/ip'));
    expect(findings[0]!.package).toEqual({ name: 'ip', version: '2.0.1', ecosystem: 'npm', purl: 'pkg:npm/ip@2.0.1' });
  });

  it('sorts by severity, then package, then id', () => {
    const { findings } = matchPackages(db, [
      npm('lodash', '4.17.15'),
      npm('ip', '2.0.1'),
      { name: 'stdlib', version: '1.16.0', ecosystem: 'Go', purl: 'pkg:golang/stdlib@1.16.0', file: 'go.mod' },
    ]);
    expect(findings.map((f) => `${f.severity.level} ${f.package.name} ${f.id}`)).toEqual([
      'critical ip CVE-2024-29415',
      'high lodash CVE-2020-8203',
      'high lodash CVE-2021-23337',
      'unknown stdlib CVE-2021-27919',
    ]);
  });

  it('evaluates SEMVER ranges in any ecosystem, and warns about ECOSYSTEM ranges it cannot order instead of throwing', () => {
    const action = (version: string): Package => ({ name: 'acme/deploy', version, ecosystem: 'GitHub Actions', purl: `pkg:github/acme/deploy@${version}`, file: '.github/workflows/ci.yml' });
    const old = matchPackages(db, [action('1.2.0')]);
    expect(old.findings.map((f) => [f.id, f.fixedVersions])).toEqual([['GHSA-semv-er00-0001', ['1.3.0']]]);
    expect(old.warnings).toEqual(['advisories not checked because their ecosystem has no version ordering: 1 (e.g. GHSA-ecos-yst0-0001 for GitHub Actions/acme/deploy@1.2.0)']);
    expect(matchPackages(db, [action('1.3.0')]).findings).toEqual([]);
  });

  it('matches CRAN and Hackage packages with their own orderings', () => {
    const cran: Package = { name: 'commonmark', version: '1.8-1', ecosystem: 'CRAN', purl: 'pkg:cran/commonmark@1.8-1', file: 'renv.lock' };
    const hackage: Package = { name: 'aeson', version: '2.0.3.0', ecosystem: 'Hackage', purl: 'pkg:hackage/aeson@2.0.3.0', file: 'x.cabal' };
    const result = matchPackages(db, [cran, { ...cran, version: '1.9.1' }, hackage, { ...hackage, version: '2.0.3' }]);
    expect(result.findings.map((f) => [f.id, f.package.version, f.fixedVersions])).toEqual([
      ['HSEC-2023-0001', '2.0.3.0', ['2.2.0.0']],
      ['RSEC-2023-0001', '1.8-1', ['1.9.0']],
    ]);
    expect(result.warnings).toEqual([]);
  });
});
