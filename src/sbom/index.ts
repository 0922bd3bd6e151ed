export { renderCycloneDx } from './cyclonedx.js';
export { renderSpdx } from './spdx.js';
export { readSbom, MAX_SBOM_CHARS } from './read.js';
export { MAX_SBOM_PACKAGES } from './sbom-reader.js';
export { PROPERTY as SBOM_PROPERTY } from './properties.js';
export type { ReadSbomResult, SbomRenderOptions, SbomSubject } from './types.js';
