import type { LayerRef } from '../../sources/image/types.js';
import type { Package } from '../../core/package.js';

/** One SBOM entry: a package identity (its purl) with every file, and layer, it was found in. */
export interface SbomPackage {
  package: Package;
  files: string[];
  layers: LayerRef[];
  /** Only when every occurrence is a development dependency. */
  dev: boolean;
}

/** The inventory lists a package once per file; an SBOM lists it once, sorted by purl so output is reproducible. */
export function distinctPackages(packages: readonly Package[], layers?: ReadonlyMap<string, LayerRef>): SbomPackage[] {
  const byPurl = new Map<string, SbomPackage>();
  for (const pkg of packages) {
    let entry = byPurl.get(pkg.purl);
    if (!entry) {
      entry = { package: pkg, files: [], layers: [], dev: true };
      byPurl.set(pkg.purl, entry);
    }
    if (!entry.files.includes(pkg.file)) entry.files.push(pkg.file);
    const layer = layers?.get(pkg.file);
    if (layer && !entry.layers.some((known) => known.digest === layer.digest)) entry.layers.push(layer);
    entry.dev &&= pkg.dev === true;
  }
  const entries = [...byPurl.values()];
  for (const entry of entries) {
    entry.files.sort();
    entry.layers.sort((a, b) => a.index - b.index);
  }
  return entries.sort((a, b) => (a.package.purl < b.package.purl ? -1 : a.package.purl > b.package.purl ? 1 : 0));
}
