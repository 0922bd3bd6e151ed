import { describe, expect, it } from 'vitest';
import { compareVersions, isSupportedEcosystem, UnsupportedEcosystemError, versionOrdering } from './index.js';

describe('compareVersions', () => {
  it('dispatches on OSV ecosystem names', () => {
    expect(compareVersions('npm', '1.0.0-alpha', '1.0.0')).toBe(-1);
    expect(compareVersions('PyPI', '1.0.post1', '1.0')).toBe(1);
    expect(compareVersions('Go', '1.2.3', 'v1.2.3')).toBe(0);
    expect(compareVersions('Maven', '1-snapshot', '1')).toBe(-1);
    expect(compareVersions('NuGet', '1.0.0-BETA', '1.0.0-beta')).toBe(0);
    expect(compareVersions('RubyGems', '1.0.a', '1.0')).toBe(-1);
    expect(compareVersions('Packagist', '1.0.0-RC1', '1.0.0')).toBe(-1);
    expect(compareVersions('crates.io', '0.10.0', '0.9.0')).toBe(1);
    expect(compareVersions('Hex', '1.0.0-rc.0', '1.0.0')).toBe(-1);
    expect(compareVersions('Pub', '1.0.0+1', '1.0.0')).toBe(1);
    expect(compareVersions('SemVer', '2.0.0', '10.0.0')).toBe(-1);
    expect(compareVersions('Alpine', '1.2_rc1', '1.2')).toBe(-1);
    expect(compareVersions('Red Hat', '1.0^1', '1.0')).toBe(1);
    expect(compareVersions('CRAN', '1.2-3', '1.2.10')).toBe(-1);
    expect(compareVersions('Hackage', '1.0', '1.0.0')).toBe(-1);
  });

  it('maps distro-qualified names to their base ordering', () => {
    expect(compareVersions('Debian:12', '1:0.9', '2.0')).toBe(1);
    expect(compareVersions('Ubuntu:22.04:LTS', '1.0~rc1', '1.0')).toBe(-1);
    expect(compareVersions('Ubuntu:Pro:18.04:LTS', '1.0-1ubuntu1', '1.0-1')).toBe(1);
    expect(compareVersions('Alpine:v3.20', '1.2-r1', '1.2')).toBe(1);
    expect(compareVersions('Red Hat:enterprise_linux:9::appstream', '0:1.0-1.el9', '1.0-2.el9')).toBe(-1);
    expect(compareVersions('Rocky Linux:9', '1.0~rc1', '1.0')).toBe(-1);
    expect(compareVersions('AlmaLinux:9', '1:1.0', '2.0')).toBe(1);
    expect(compareVersions('openSUSE:Leap 15.5', '1.0-150500.1', '1.0-150400.1')).toBe(1);
    expect(compareVersions('SUSE:Linux Enterprise Server 15 SP5', '2.0', '10.0')).toBe(-1);
    expect(compareVersions('Mageia:9', '1.0-1.mga9', '1.0-1.mga8')).toBe(1);
    expect(isSupportedEcosystem('Debian:13')).toBe(true);
  });

  it('throws a typed error for unknown ecosystems, names being case-sensitive as in OSV', () => {
    for (const ecosystem of ['pypi', 'Cargo', '', 'GitHub Actions']) {
      expect(isSupportedEcosystem(ecosystem)).toBe(false);
      expect(() => compareVersions(ecosystem, '1', '2')).toThrow(UnsupportedEcosystemError);
    }
    try {
      versionOrdering('Unknown:1');
    } catch (error) {
      expect(error).toBeInstanceOf(UnsupportedEcosystemError);
      expect((error as UnsupportedEcosystemError).ecosystem).toBe('Unknown:1');
    }
    expect.assertions(10);
  });

  it('never throws on malformed versions for a supported ecosystem', () => {
    for (const ecosystem of ['npm', 'PyPI', 'Go', 'Maven', 'NuGet', 'RubyGems', 'Packagist', 'Pub', 'Debian', 'Alpine', 'Red Hat', 'CRAN', 'Hackage']) {
      const forward = compareVersions(ecosystem, '', '\u{1F642}');
      expect([ecosystem, forward + compareVersions(ecosystem, '\u{1F642}', ''), compareVersions(ecosystem, ' ', ' ')]).toEqual([ecosystem, 0, 0]);
      expect(forward).not.toBe(0);
    }
  });
});
