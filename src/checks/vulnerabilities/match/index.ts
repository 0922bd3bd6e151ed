export { compareFindings, matchPackages, type MatchOptions, type MatchResult } from './match.js';
export { evaluateAffected, type AffectedVerdict } from './ranges.js';
