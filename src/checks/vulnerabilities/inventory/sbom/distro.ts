import { osInfo, type OsInfo } from '../os-release.js';

/** SBOM tools name some distributions by their purl namespace rather than os-release's ID. */
const OS_RELEASE_ID: Readonly<Record<string, string>> = { redhat: 'rhel', 'red hat': 'rhel', alma: 'almalinux' };

/** SBOM text is untrusted: only plain tokens make it into ecosystem names and purls. */
function token(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]/g, '');
}

/** Ubuntu's LTS releases are the April releases of even years; os-release says "LTS" in VERSION, SBOMs never do. */
function isUbuntuLts(versionId: string): boolean {
  const match = /^(\d+)\.04(?:\.|$)/.exec(versionId);
  return match !== null && Number(match[1]) % 2 === 0;
}

/** OsInfo for a distribution an SBOM names (`debian` + `12.5`), named as os-release of that release would be. */
export function osFromRelease(name: string, version: string): OsInfo | undefined {
  const lower = name.trim().toLowerCase();
  const id = OS_RELEASE_ID[lower] ?? token(lower);
  if (!id) return undefined;
  const versionId = token(version);
  return osInfo(id, versionId, id === 'ubuntu' && isUbuntuLts(versionId));
}

/**
 * The purl `distro` qualifier: `<id>-<version>` (`debian-12`, `alpine-3.20.1`, `redhat-9.3`), or a bare version
 * (Trivy's apk purls) that takes the distribution from the purl namespace.
 */
export function osFromDistro(distro: string, namespace: string | undefined): OsInfo | undefined {
  const named = /^([A-Za-z][A-Za-z0-9_.]*(?:-[A-Za-z][A-Za-z0-9_.]*)*)-(\d.*)$/.exec(distro);
  if (named) return osFromRelease(named[1]!, named[2]!);
  if (/^\d/.test(distro)) return namespace ? osFromRelease(namespace, distro) : undefined;
  return osFromRelease(distro, '');
}
