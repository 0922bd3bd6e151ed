import { compare, valid } from '@renovatebot/pep440';
import { defineOrdering, type VersionOrdering } from './ordering.js';

/**
 * PEP 440 via @renovatebot/pep440. Surrounding whitespace is stripped first, as Python's
 * `packaging.version.Version` does.
 */
export const pypiOrdering: VersionOrdering = defineOrdering(
  (version) => {
    const trimmed = version.trim();
    return valid(trimmed) === null ? undefined : trimmed;
  },
  compare,
);
