import { apkOrdering } from './apk.js';
import { cranOrdering } from './cran.js';
import { dpkgOrdering } from './dpkg.js';
import { goOrdering } from './go.js';
import { hackageOrdering } from './hackage.js';
import { mavenOrdering } from './maven.js';
import { nugetOrdering } from './nuget.js';
import type { VersionOrdering } from './ordering.js';
import { packagistOrdering } from './packagist.js';
import { pypiOrdering } from './pypi.js';
import { rpmOrdering } from './rpm.js';
import { rubygemsOrdering } from './rubygems.js';
import { pubOrdering, semverOrdering } from './semver.js';

/**
 * Orderings keyed by OSV ecosystem name (osv-schema ecosystems list), plus `SemVer` for OSV's
 * SEMVER range type. Wolfi and Chainguard build with apk; openEuler and Photon OS with rpm.
 */
const ORDERINGS: ReadonlyMap<string, VersionOrdering> = new Map([
  ['npm', semverOrdering],
  ['SemVer', semverOrdering],
  ['crates.io', semverOrdering],
  ['Hex', semverOrdering],
  ['Pub', pubOrdering],
  ['PyPI', pypiOrdering],
  ['Go', goOrdering],
  ['Maven', mavenOrdering],
  ['NuGet', nugetOrdering],
  ['RubyGems', rubygemsOrdering],
  ['Packagist', packagistOrdering],
  ['CRAN', cranOrdering],
  ['Hackage', hackageOrdering],
  ['Debian', dpkgOrdering],
  ['Ubuntu', dpkgOrdering],
  ['Alpine', apkOrdering],
  ['Wolfi', apkOrdering],
  ['Chainguard', apkOrdering],
  ['Red Hat', rpmOrdering],
  ['Rocky Linux', rpmOrdering],
  ['AlmaLinux', rpmOrdering],
  ['openSUSE', rpmOrdering],
  ['SUSE', rpmOrdering],
  ['Mageia', rpmOrdering],
  ['openEuler', rpmOrdering],
  ['Photon OS', rpmOrdering],
]);

export class UnsupportedEcosystemError extends Error {
  override readonly name = 'UnsupportedEcosystemError';
  constructor(readonly ecosystem: string) {
    super(`no version ordering for ecosystem "${ecosystem}"`);
  }
}

/** OSV qualifies distro ecosystems with a release (`Debian:12`, `Red Hat:enterprise_linux:9::appstream`); the part before the first ':' orders. */
function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

/** The ordering for an OSV ecosystem name, exact case as OSV writes it; throws UnsupportedEcosystemError. */
export function versionOrdering(ecosystem: string): VersionOrdering {
  const ordering = ORDERINGS.get(baseEcosystem(ecosystem));
  if (ordering === undefined) throw new UnsupportedEcosystemError(ecosystem);
  return ordering;
}

export function isSupportedEcosystem(ecosystem: string): boolean {
  return ORDERINGS.has(baseEcosystem(ecosystem));
}

/**
 * Orders two versions as the ecosystem's own tools do. Throws only UnsupportedEcosystemError;
 * invalid versions sort before valid ones and by code units among themselves (see defineOrdering).
 */
export function compareVersions(ecosystem: string, a: string, b: string): -1 | 0 | 1 {
  return versionOrdering(ecosystem).compare(a, b);
}
