import { baseEcosystem } from '../database/index.js';
import type { Package } from '../../../core/package.js';

/** What the database is asked for one package, and the version its ranges are evaluated against. */
export interface QueryScope {
  ecosystem: string;
  name: string;
  version: string;
  /** Match records of nested ecosystems too (`Red Hat:enterprise_linux:9` → `…:9::appstream`, `…:9::baseos`). */
  nested: boolean;
  /** An OS package whose release is unknown: only release-independent records can apply. */
  releaseUnknown: boolean;
}

/**
 * Debian and Ubuntu publish per source package, Alpine's secdb per origin (the aport that built the subpackages), all
 * with source versions. The Red Hat, Rocky Linux and AlmaLinux records list every binary RPM (`thunderbird`,
 * `thunderbird-debuginfo`, ...) with binary versions, so those match by the installed name.
 */
const SOURCE_KEYED = new Set(['Debian', 'Ubuntu', 'Alpine']);
const OS_FAMILIES = new Set(['Debian', 'Ubuntu', 'Alpine', 'Red Hat', 'Rocky Linux', 'AlmaLinux']);

export function scopeOf(pkg: Package): QueryScope {
  const family = baseEcosystem(pkg.ecosystem);
  const bySource = SOURCE_KEYED.has(family);
  return {
    ecosystem: pkg.ecosystem,
    name: (bySource ? pkg.sourceName : undefined) ?? pkg.name,
    version: (bySource ? pkg.sourceVersion : undefined) ?? pkg.version,
    // Red Hat scopes records by repository stream, which os-release does not name; the inventory gives the release.
    nested: family === 'Red Hat' && pkg.ecosystem !== family,
    releaseUnknown: OS_FAMILIES.has(family) && pkg.ecosystem === family,
  };
}
