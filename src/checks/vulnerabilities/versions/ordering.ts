/** How one ecosystem orders its versions. */
export interface VersionOrdering {
  /** -1, 0 or 1; never throws. Invalid versions order as documented on `defineOrdering`. */
  compare(a: string, b: string): -1 | 0 | 1;
  isValid(version: string): boolean;
}

const PARSE_CACHE_LIMIT = 200_000;

/**
 * Builds an ordering from a parser and a comparison of parsed versions.
 *
 * Versions the parser rejects still get a total order, so a sort never throws and a range check
 * never crashes on a malformed advisory: every invalid version sorts before every valid one (which
 * also keeps OSV's `introduced: "0"` sentinel, invalid in SemVer ecosystems, at the bottom), and
 * invalid versions order among themselves by UTF-16 code units, so only identical strings are equal.
 */
export function defineOrdering<T>(
  parse: (version: string) => T | undefined,
  compareParsed: (a: T, b: T) => number,
): VersionOrdering {
  // A sort parses each version ~2·log2(n) times; memoizing makes that once. Cleared when full
  // so a long-running process stays bounded.
  const cache = new Map<string, T | undefined>();
  const parseCached = (version: string): T | undefined => {
    // One lookup for the common case: matching calls this several times per candidate range.
    const hit = cache.get(version);
    if (hit !== undefined || cache.has(version)) return hit;
    if (cache.size >= PARSE_CACHE_LIMIT) cache.clear();
    const parsed = parse(version);
    cache.set(version, parsed);
    return parsed;
  };
  return {
    compare(a, b) {
      if (a === b) return 0;
      const pa = parseCached(a);
      const pb = parseCached(b);
      if (pa !== undefined && pb !== undefined) return sign(compareParsed(pa, pb));
      if (pa !== undefined) return 1;
      if (pb !== undefined) return -1;
      return a < b ? -1 : 1;
    },
    isValid: (version) => parseCached(version) !== undefined,
  };
}

export function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Compares two runs of ASCII digits as unbounded integers (leading zeros ignored). */
export function compareDigits(a: string, b: string): -1 | 0 | 1 {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Integer lists: component by component, and a version that is a prefix of another is the lower one. */
export function compareNumberLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) {
    const result = compareDigits(a[i]!, b[i]!);
    if (result !== 0) return result;
  }
  return a.length - b.length;
}

function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return digits.slice(i);
}

/** Plain code-unit order, for the byte-wise string comparisons (strcmp, memcmp) the tools use on ASCII. */
export function compareStrings(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const isDigit = (code: number): boolean => code >= 48 && code <= 57;
export const isAsciiLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/**
 * SemVer 2.0 §11 precedence of prerelease identifiers: a release (no identifiers) outranks its
 * prereleases, numeric identifiers compare numerically and rank below alphanumeric ones, and a
 * longer list wins when one is a prefix of the other. `compareText` lets NuGet ignore case.
 */
export function comparePrerelease(
  a: readonly string[],
  b: readonly string[],
  compareText: (x: string, y: string) => number = compareStrings,
): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xNumeric = isAllDigits(x);
    const yNumeric = isAllDigits(y);
    const result = xNumeric && yNumeric ? compareDigits(x, y) : xNumeric !== yNumeric ? (xNumeric ? -1 : 1) : compareText(x, y);
    if (result !== 0) return result;
  }
  return a.length - b.length;
}

export function isAllDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return text.length > 0;
}
