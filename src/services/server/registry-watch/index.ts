export { Backoff, DEFAULT_WATCH_BACKOFF, type BackoffPolicy } from './backoff.js';
export {
  createRegistryWatcher,
  DEFAULT_WATCH_LIMITS,
  type DigestKnown,
  type RegistryWatcher,
  type RegistryWatchOptions,
  type WatchedRepository,
  type WatchEvent,
  type WatchLimits,
} from './watch.js';
