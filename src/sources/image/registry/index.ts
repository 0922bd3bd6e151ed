export {
  openRegistryImage,
  openRegistryRepository,
  isLoopbackHost,
  type RegistryImageOptions,
  type RegistryRepository,
  type TagListOptions,
} from './client.js';
export { RegistryError, type RegistryErrorCode } from './errors.js';
export { parseImageReference, formatImageReference, DOCKER_HUB_REGISTRY, type ImageReference } from './reference.js';
export { parsePlatform, formatPlatform, DEFAULT_PLATFORM, type Platform } from './platform.js';
export {
  lookupDockerCredentials,
  defaultDockerConfigPath,
  type RegistryCredentials,
  type CredentialLookup,
} from './docker-config.js';
export type { RetryPolicy } from './retry.js';
export { parseManifest, type Descriptor, type ParsedManifest } from './manifest.js';
