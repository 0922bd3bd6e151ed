import { PackageURL } from 'packageurl-js';
import { osPackage, type OsPackageType } from '../os/os-package.js';
import type { OsInfo } from '../os-release.js';
import { normalizePythonName } from '../purl.js';
import type { Package } from '../../../../core/package.js';
import { osFromDistro, osFromRelease } from './distro.js';

/** What the SBOM says about a component besides its purl. */
export interface PurlHints {
  /** The SBOM file: every package read from it points there. */
  file: string;
  /** The distribution the SBOM names as a whole, for OS purls without a `distro` qualifier. */
  os?: OsInfo;
  /** The component's own name: PyPI purls lower-case it, users and advisories show the original spelling. */
  displayName?: string;
  ecosystem?: string;
  sourceName?: string;
  sourceVersion?: string;
  dev?: boolean;
}

export type PurlPackage = { package: Package } | { skipped: string } | { error: string };

const slashName = (purl: PackageURL): string => (purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name);

/** purl type → OSV ecosystem and how OSV spells the package name. */
const LANGUAGE_ECOSYSTEMS: Readonly<Record<string, { ecosystem: string; name: (purl: PackageURL) => string }>> = {
  npm: { ecosystem: 'npm', name: slashName },
  pypi: { ecosystem: 'PyPI', name: (purl) => purl.name },
  golang: { ecosystem: 'Go', name: slashName },
  maven: { ecosystem: 'Maven', name: (purl) => (purl.namespace ? `${purl.namespace}:${purl.name}` : purl.name) },
  nuget: { ecosystem: 'NuGet', name: (purl) => purl.name },
  gem: { ecosystem: 'RubyGems', name: (purl) => purl.name },
  cargo: { ecosystem: 'crates.io', name: (purl) => purl.name },
  composer: { ecosystem: 'Packagist', name: slashName },
  hex: { ecosystem: 'Hex', name: (purl) => purl.name },
  pub: { ecosystem: 'Pub', name: (purl) => purl.name },
  cran: { ecosystem: 'CRAN', name: (purl) => purl.name },
  hackage: { ecosystem: 'Hackage', name: (purl) => purl.name },
};

function isOsType(type: string): type is OsPackageType {
  return type === 'deb' || type === 'apk' || type === 'rpm';
}

/** Syft's `upstream` qualifier: `name`, `name@version`, or for rpm the source RPM file `name-version-release.src.rpm`. */
function parseUpstream(type: OsPackageType, value: string): { name: string; version?: string } {
  if (type === 'rpm' && value.endsWith('.src.rpm')) {
    const nvr = value.slice(0, -'.src.rpm'.length);
    const match = /^(.+)-([^-]+)-([^-]+)$/.exec(nvr);
    return match ? { name: match[1]!, version: `${match[2]}-${match[3]}` } : { name: nvr };
  }
  const at = value.indexOf('@');
  return at > 0 ? { name: value.slice(0, at), version: value.slice(at + 1) } : { name: value };
}

/** rpm keeps the epoch in a qualifier; Rampart's rpm versions carry it as `E:V-R`, like OSV and rpm's comparison. */
function withEpoch(version: string, epoch: string | undefined): string {
  return epoch && epoch !== '0' && !version.includes(':') ? `${epoch}:${version}` : version;
}

function osPackageFromPurl(type: OsPackageType, purl: PackageURL, version: string, text: string, hints: PurlHints): Package {
  const qualifiers = purl.qualifiers ?? {};
  const distro = qualifiers['distro'];
  const os = distro
    ? osFromDistro(distro, purl.namespace)
    : hints.os && hints.os.purlNamespace === purl.namespace
      ? hints.os
      : purl.namespace
        ? osFromRelease(purl.namespace, '')
        : undefined;
  const upstream = qualifiers['upstream'] ? parseUpstream(type, qualifiers['upstream']) : undefined;
  const epoch = type === 'rpm' ? qualifiers['epoch'] : undefined;
  const sourceVersion = hints.sourceVersion ?? upstream?.version;
  const pkg = osPackage(
    type,
    {
      name: purl.name,
      version: withEpoch(version, epoch),
      arch: qualifiers['arch'],
      sourceName: hints.sourceName ?? upstream?.name,
      sourceVersion: sourceVersion === undefined ? undefined : withEpoch(sourceVersion, epoch),
      file: hints.file,
    },
    os,
  );
  return { ...pkg, purl: text };
}

/** Maps a purl to the Package the matcher looks up; purls no OSV ecosystem covers are skipped, not errors. */
export function packageFromPurl(text: string, hints: PurlHints): PurlPackage {
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(text);
  } catch (err) {
    return { error: `invalid purl "${text}": ${(err as Error).message}` };
  }
  if (!purl.version) return { skipped: `${text}: the purl has no version, so no advisory can be matched` };
  let pkg: Package;
  if (isOsType(purl.type)) {
    pkg = osPackageFromPurl(purl.type, purl, purl.version, text, hints);
  } else {
    const language = LANGUAGE_ECOSYSTEMS[purl.type];
    if (!language) return { skipped: `${text}: purl type "${purl.type}" has no vulnerability ecosystem` };
    const purlName = language.name(purl);
    const keepSpelling = purl.type === 'pypi' && hints.displayName && normalizePythonName(hints.displayName) === purlName;
    pkg = {
      name: keepSpelling ? hints.displayName! : purlName,
      // OSV's Go records write versions without the leading `v`.
      version: purl.type === 'golang' ? purl.version.replace(/^v/, '') : purl.version,
      ecosystem: language.ecosystem,
      purl: text,
      file: hints.file,
    };
  }
  if (hints.ecosystem) pkg.ecosystem = hints.ecosystem;
  if (hints.dev) pkg.dev = true;
  return { package: pkg };
}

/** The distribution the first OS purl with a `distro` qualifier names, for SBOMs without an operating-system entry. */
export function osOfPurls(purls: readonly string[]): OsInfo | undefined {
  for (const text of purls) {
    if (!/^pkg:(deb|apk|rpm)\//.test(text)) continue;
    try {
      const purl = PackageURL.fromString(text);
      const distro = purl.qualifiers?.['distro'];
      if (distro) return osFromDistro(distro, purl.namespace);
    } catch {
      // Reported when the package itself is read.
    }
  }
  return undefined;
}
