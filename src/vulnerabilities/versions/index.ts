export { compareVersions, isSupportedEcosystem, UnsupportedEcosystemError, versionOrdering } from './registry.js';
export type { VersionOrdering } from './ordering.js';
