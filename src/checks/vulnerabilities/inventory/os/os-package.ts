import type { OsInfo } from '../os-release.js';
import { purl } from '../purl.js';
import type { Package } from '../../../../core/package.js';

export type OsPackageType = 'deb' | 'apk' | 'rpm';

/** Used until os-release is read: the family the package database implies. */
const FAMILY: Record<OsPackageType, { ecosystem: string; namespace: string }> = {
  deb: { ecosystem: 'Debian', namespace: 'debian' },
  apk: { ecosystem: 'Alpine', namespace: 'alpine' },
  rpm: { ecosystem: 'Red Hat', namespace: 'redhat' },
};

export interface OsPackageFields {
  name: string;
  /** rpm versions carry the epoch as `E:V-R`, the form OSV records and rpm's own comparison use. */
  version: string;
  arch?: string;
  sourceName?: string;
  sourceVersion?: string;
  file: string;
}

function osPurl(type: OsPackageType, fields: OsPackageFields, os: OsInfo | undefined): string {
  const namespace = os?.purlNamespace ?? FAMILY[type].namespace;
  const distro = os?.versionId ? `${os.id}-${os.versionId}` : undefined;
  if (type !== 'rpm') return purl(type, namespace, fields.name, fields.version, { arch: fields.arch, distro });
  const colon = fields.version.indexOf(':');
  const epoch = colon > 0 ? fields.version.slice(0, colon) : undefined;
  return purl('rpm', namespace, fields.name, fields.version.slice(colon + 1), { arch: fields.arch, epoch, distro });
}

export function osPackage(type: OsPackageType, fields: OsPackageFields, os?: OsInfo): Package {
  const pkg: Package = {
    name: fields.name,
    version: fields.version,
    ecosystem: os?.ecosystem ?? FAMILY[type].ecosystem,
    purl: osPurl(type, fields, os),
    sourceName: fields.sourceName ?? fields.name,
    sourceVersion: fields.sourceVersion ?? fields.version,
    file: fields.file,
  };
  if (fields.arch) pkg.arch = fields.arch;
  return pkg;
}

/** Re-scopes an OS package once os-release has been read (it may come after the package database in the walk). */
export function withOs(pkg: Package, os: OsInfo): Package {
  const type = /^pkg:(deb|apk|rpm)\//.exec(pkg.purl)?.[1] as OsPackageType | undefined;
  if (!type) return pkg;
  return { ...osPackage(type, { ...pkg }, os), ...(pkg.dev ? { dev: true } : {}) };
}
