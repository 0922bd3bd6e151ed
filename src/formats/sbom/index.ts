import { FormatSet } from '../format-set.js';
import { cycloneDxFormatter } from './cyclonedx.js';
import type { SbomFormat, SbomFormatter } from './formatter.js';
import { spdxFormatter } from './spdx.js';

export { formatCycloneDx } from './cyclonedx.js';
export { formatSpdx } from './spdx.js';
export type { SbomContent, SbomFormat, SbomFormatOptions, SbomFormatter } from './formatter.js';
export { readSbom, MAX_SBOM_CHARS } from '../../checks/vulnerabilities/inventory/sbom/read.js';
export { MAX_SBOM_PACKAGES } from '../../checks/vulnerabilities/inventory/sbom/sbom-reader.js';
export { PROPERTY as SBOM_PROPERTY } from '../../checks/vulnerabilities/inventory/sbom/properties.js';
export type { ReadSbomResult, SbomSubject } from '../../checks/vulnerabilities/inventory/sbom/types.js';

export const SBOM_FORMATTERS = new FormatSet<SbomFormat, SbomFormatter>('SBOM', [cycloneDxFormatter, spdxFormatter]);
