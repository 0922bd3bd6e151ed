export { renderCycloneDx } from './cyclonedx.js';
export { renderSpdx } from './spdx.js';
export { readSbom, MAX_SBOM_CHARS } from '../../checks/vulnerabilities/inventory/sbom/read.js';
export { MAX_SBOM_PACKAGES } from '../../checks/vulnerabilities/inventory/sbom/sbom-reader.js';
export { PROPERTY as SBOM_PROPERTY } from '../../checks/vulnerabilities/inventory/sbom/properties.js';
export type { ReadSbomResult, SbomRenderOptions, SbomSubject } from '../../checks/vulnerabilities/inventory/sbom/types.js';
