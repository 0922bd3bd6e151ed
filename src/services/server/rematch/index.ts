export { diffMatches, isEmptyDiff, recordedMatch, type MatchDiff, type RecordedMatch } from './diff.js';
export { rematchInventories, type ImageRematch, type RematchOptions, type RematchProgress, type StoredInventory } from './rematch.js';
