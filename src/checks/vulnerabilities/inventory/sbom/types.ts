import type { LayerRef } from '../../../../sources/image/types.js';
import type { ExtractError, ExtractResult } from '../../../../core/package.js';
import type { OsInfo } from '../os-release.js';

/** What was inventoried: it becomes the SBOM's root (CycloneDX metadata.component, the SPDX package the document describes). */
export interface SbomSubject {
  type: 'directory' | 'image' | 'sbom';
  /** The directory path, image reference or SBOM file as the user named it. */
  name: string;
  /** Image manifest digest, `sha256:<hex>`. */
  digest?: string;
  /** Image only: the layer each file of the squashed file system came from, keyed by the package's `file`. */
  layers?: ReadonlyMap<string, LayerRef>;
}

export interface ReadSbomResult extends ExtractResult {
  /** Components that cannot be matched (no purl, no version, a purl type without an OSV ecosystem). */
  skipped: ExtractError[];
  /** The distribution the SBOM names (an operating-system component or package, else a purl `distro` qualifier). */
  os?: OsInfo;
}
