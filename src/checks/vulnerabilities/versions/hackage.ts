import { compareNumberLists, defineOrdering, type VersionOrdering } from './ordering.js';

/**
 * Cabal's version grammar: dot-separated numbers, at most nine digits each and without leading zeros. Cabal still
 * reads (and ignores) deprecated `-tag` suffixes with a warning; they are refused here, as no Hackage release has one.
 */
const CABAL_VERSION = /^(?:0|[1-9]\d{0,8})(?:\.(?:0|[1-9]\d{0,8}))*$/;

/** Hackage (Haskell PVP): versions are lists of numbers ordered lexicographically, so `1.0` < `1.0.0`. */
export const hackageOrdering: VersionOrdering = defineOrdering(
  (version) => (CABAL_VERSION.test(version) ? version.split('.') : undefined),
  compareNumberLists,
);
