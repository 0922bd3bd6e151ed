export { compareVersions, isSupportedEcosystem, UnsupportedEcosystemError, versionOrdering } from './ecosystems.js';
export type { VersionOrdering } from './ordering.js';
