import { compareDigits, comparePrerelease, defineOrdering, isAllDigits, type VersionOrdering } from './ordering.js';

interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  prerelease: string[];
}

const NUMBER = /^(?:0|[1-9][0-9]*)$/;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;

/**
 * golang.org/x/mod/semver rules: `vMAJOR[.MINOR[.PATCH[-pre][+build]]]`, where the shorthands
 * `v1` and `v1.2` mean `v1.0.0` and `v1.2.0`, and neither numbers nor numeric prerelease
 * identifiers may have leading zeros. OSV Go records omit the `v`, so it is optional here.
 * Pseudo-versions are ordinary prereleases, and `+incompatible` is build metadata, ignored.
 */
function parseGo(input: string): GoVersion | undefined {
  const version = input.startsWith('v') ? input.slice(1) : input;
  const plus = version.indexOf('+');
  const beforeBuild = plus === -1 ? version : version.slice(0, plus);
  if (plus !== -1 && !version.slice(plus + 1).split('.').every((id) => IDENTIFIER.test(id))) return undefined;
  const dash = beforeBuild.indexOf('-');
  const core = (dash === -1 ? beforeBuild : beforeBuild.slice(0, dash)).split('.');
  if (core.length > 3 || !core.every((n) => NUMBER.test(n))) return undefined;
  // Go accepts the shorthands only without prerelease or build suffixes.
  if (core.length < 3 && (plus !== -1 || dash !== -1)) return undefined;
  const prerelease = dash === -1 ? [] : beforeBuild.slice(dash + 1).split('.');
  if (!prerelease.every((id) => IDENTIFIER.test(id) && (!isAllDigits(id) || NUMBER.test(id)))) return undefined;
  return { major: core[0]!, minor: core[1] ?? '0', patch: core[2] ?? '0', prerelease };
}

function compareGo(a: GoVersion, b: GoVersion): number {
  return (
    compareDigits(a.major, b.major) ||
    compareDigits(a.minor, b.minor) ||
    compareDigits(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

export const goOrdering: VersionOrdering = defineOrdering(parseGo, compareGo);
