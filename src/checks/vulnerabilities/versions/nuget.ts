import { compareDigits, comparePrerelease, compareStrings, defineOrdering, type VersionOrdering } from './ordering.js';

interface NuGetVersion {
  /** Major, minor, patch, revision; missing parts are 0. */
  parts: string[];
  release: string[];
}

const VERSION = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const INT32_MAX = '2147483647';

/** NuGet.Versioning's NuGetVersion: one to four int32 parts (legacy leading zeros allowed), SemVer 2 labels and metadata. */
function parseNuGet(version: string): NuGetVersion | undefined {
  const match = VERSION.exec(version);
  if (!match) return undefined;
  const parts = [match[1]!, match[2] ?? '0', match[3] ?? '0', match[4] ?? '0'];
  if (parts.some((part) => compareDigits(part, INT32_MAX) > 0)) return undefined;
  return { parts, release: match[5] === undefined ? [] : match[5].split('.') };
}

/** OrdinalIgnoreCase on the ASCII label alphabet amounts to comparing upper-cased code units. */
const compareIgnoringCase = (a: string, b: string): number => compareStrings(a.toUpperCase(), b.toUpperCase());

/** VersionComparer.Default: numeric parts, then release labels case-insensitively; metadata is ignored. */
function compareNuGet(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const result = compareDigits(a.parts[i]!, b.parts[i]!);
    if (result !== 0) return result;
  }
  return comparePrerelease(a.release, b.release, compareIgnoringCase);
}

export const nugetOrdering: VersionOrdering = defineOrdering(parseNuGet, compareNuGet);
