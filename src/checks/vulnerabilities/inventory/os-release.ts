/** What os-release says, plus the OSV ecosystem its packages are published under. */
export interface OsInfo {
  id: string;
  versionId: string;
  /** OSV ecosystem, e.g. `Debian:12`, `Ubuntu:22.04:LTS`, `Alpine:v3.20`; undefined for distributions OSV lacks. */
  ecosystem: string | undefined;
  /** purl namespace for the OS packages (`debian`, `ubuntu`, `alpine`, `redhat`, ...). */
  purlNamespace: string;
}

/** Parses os-release (shell-style KEY=value, optionally quoted) into a map. */
export function parseOsRelease(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const match = /^\s*([A-Z0-9_]+)=(.*)$/.exec(raw);
    if (!match) continue;
    let value = match[2]!.trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) value = value.slice(1, -1);
    values.set(match[1]!, value.replace(/\\(["'$`\\])/g, '$1'));
  }
  return values;
}

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

function major(version: string): string {
  return version.split('.')[0] ?? version;
}

/**
 * OSV names per distribution (ossf/osv-schema, ecosystems list): Debian and Rocky/Alma scope by major release, Alpine by
 * `v<major>.<minor>`, Ubuntu by `YY.MM` with a mandatory `:LTS` suffix on LTS releases. Red Hat scopes by CPE product
 * stream (`Red Hat:enterprise_linux:9::appstream`); os-release does not say which streams are enabled, so we emit the
 * common prefix and the matcher compares by prefix.
 */
export function detectOs(osReleaseText: string): OsInfo | undefined {
  const values = parseOsRelease(osReleaseText);
  const id = values.get('ID')?.toLowerCase();
  if (!id) return undefined;
  const lts = /\bLTS\b/.test(`${values.get('VERSION') ?? ''} ${values.get('PRETTY_NAME') ?? ''}`);
  return osInfo(id, values.get('VERSION_ID') ?? '', lts);
}

/** The OSV naming of a distribution release given its os-release ID and VERSION_ID; `lts` matters for Ubuntu only. */
export function osInfo(id: string, versionId: string, lts = false): OsInfo {
  const info = (ecosystem: string | undefined, purlNamespace: string = id): OsInfo => ({ id, versionId, ecosystem, purlNamespace });
  switch (id) {
    case 'debian':
      // testing/sid have no VERSION_ID; OSV has no ecosystem for them beyond the bare family.
      return info(versionId ? `Debian:${major(versionId)}` : 'Debian');
    case 'ubuntu':
      return info(versionId ? `Ubuntu:${majorMinor(versionId)}${lts ? ':LTS' : ''}` : 'Ubuntu');
    case 'alpine':
      return info(versionId ? `Alpine:v${majorMinor(versionId)}` : 'Alpine');
    case 'rhel':
      return info(versionId ? `Red Hat:enterprise_linux:${major(versionId)}` : 'Red Hat', 'redhat');
    case 'rocky':
      return info(versionId ? `Rocky Linux:${major(versionId)}` : 'Rocky Linux');
    case 'almalinux':
      return info(versionId ? `AlmaLinux:${major(versionId)}` : 'AlmaLinux');
    default:
      return info(undefined);
  }
}

/** Where os-release lives, relative to the scanned root; `etc/` wins because it may override the `usr/lib` copy. */
export const OS_RELEASE_PATHS = ['etc/os-release', 'usr/lib/os-release'] as const;
