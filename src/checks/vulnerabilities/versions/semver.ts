import semver from 'semver';
import { defineOrdering, type VersionOrdering } from './ordering.js';

const parseStrict = (version: string): semver.SemVer | undefined => semver.parse(version, { loose: false }) ?? undefined;

/**
 * SemVer 2.0 precedence through node-semver in strict mode, as npm itself orders versions:
 * build metadata is ignored, so `1.0.0+a` and `1.0.0+b` compare equal.
 */
export const semverOrdering: VersionOrdering = defineOrdering(parseStrict, (a, b) => a.compare(b));

/**
 * Dart's pub_semver orders like SemVer but, unlike the spec, also ranks build metadata
 * (`1.0.0 < 1.0.0+1 < 1.0.0+2`), which Flutter-style packages rely on for revisions.
 */
export const pubOrdering: VersionOrdering = defineOrdering(parseStrict, (a, b) => a.compareMain(b) || a.comparePre(b) || a.compareBuild(b));
