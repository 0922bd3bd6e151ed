import { compareDigits, compareStrings, defineOrdering, isDigit, type VersionOrdering } from './ordering.js';

/** One token of the POM "Version Order Specification": a number or a qualifier, with the separator before it. */
interface MavenToken {
  /** True after '.', false after '-' or a digit/letter transition (which the spec treats as '-'). */
  dot: boolean;
  /** Digits of a numeric token, or undefined for a qualifier. */
  digits: string | undefined;
  /** Canonical qualifier ('' for release aliases); unused for numbers. */
  qualifier: string;
}

const QUALIFIER_RANK: ReadonlyMap<string, number> = new Map([
  ['alpha', 0],
  ['beta', 1],
  ['milestone', 2],
  ['rc', 3],
  ['cr', 3],
  ['snapshot', 4],
  ['', 5],
  ['ga', 5],
  ['final', 5],
  ['release', 5],
  ['sp', 6],
]);
const UNKNOWN_QUALIFIER_RANK = 7;
const SHORT_QUALIFIERS: ReadonlyMap<string, string> = new Map([
  ['a', 'alpha'],
  ['b', 'beta'],
  ['m', 'milestone'],
]);

/**
 * Maven accepts any string as a version; we reject only empty ones and ones with whitespace,
 * which cannot appear in a coordinate.
 */
function parseMaven(version: string): MavenToken[] | undefined {
  if (version.length === 0 || /\s/.test(version)) return undefined;
  const text = version.toLowerCase();
  const tokens: MavenToken[] = [];
  let start = 0;
  let dot = true;
  const push = (end: number, followedByDigit: boolean): void => {
    const raw = text.slice(start, end);
    if (raw === '') tokens.push({ dot, digits: '0', qualifier: '' });
    else if (isDigit(raw.charCodeAt(0))) tokens.push({ dot, digits: raw, qualifier: '' });
    else tokens.push({ dot, digits: undefined, qualifier: (followedByDigit && SHORT_QUALIFIERS.get(raw)) || raw });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */ || c === 45 /* - */) {
      push(i, false);
      dot = c === 46;
      start = i + 1;
    } else if (i > start && isDigit(c) !== isDigit(text.charCodeAt(i - 1))) {
      push(i, isDigit(c));
      dot = false;
      start = i;
    }
  }
  push(text.length, false);
  return trimNulls(tokens);
}

const isNull = (token: MavenToken): boolean =>
  token.digits === undefined ? QUALIFIER_RANK.get(token.qualifier) === 5 : /^0+$/.test(token.digits);

/** Drops the null tokens (0, '', ga, final, release) at the end and before every hyphen, end to start. */
function trimNulls(tokens: MavenToken[]): MavenToken[] {
  const kept: MavenToken[] = [];
  let trimming = true;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (!(trimming && isNull(token))) {
      kept.push(token);
      trimming = false;
    }
    if (!token.dot) trimming = true;
  }
  return kept.reverse();
}

function compareQualifiers(a: string, b: string): number {
  const ra = QUALIFIER_RANK.get(a) ?? UNKNOWN_QUALIFIER_RANK;
  const rb = QUALIFIER_RANK.get(b) ?? UNKNOWN_QUALIFIER_RANK;
  if (ra !== rb) return ra - rb;
  return ra === UNKNOWN_QUALIFIER_RANK ? compareStrings(a, b) : 0;
}

/** Same prefix: natural order. Otherwise `.qualifier = -qualifier < -number < .number`. */
function compareTokens(a: MavenToken, b: MavenToken): number {
  if (a.digits !== undefined && b.digits !== undefined) return a.dot === b.dot ? compareDigits(a.digits, b.digits) : a.dot ? 1 : -1;
  if (a.digits === undefined && b.digits === undefined) return compareQualifiers(a.qualifier, b.qualifier);
  return a.digits === undefined ? -1 : 1;
}

/** The shorter version is padded with nulls of the same kind and prefix as the other's token. */
function padFor(token: MavenToken): MavenToken {
  return { dot: token.dot, digits: token.digits === undefined ? undefined : '0', qualifier: '' };
}

function compareMaven(a: readonly MavenToken[], b: readonly MavenToken[]): number {
  for (let i = 0; i < a.length || i < b.length; i++) {
    const x = a[i] ?? padFor(b[i]!);
    const y = b[i] ?? padFor(x);
    const result = compareTokens(x, y);
    if (result !== 0) return result;
  }
  return 0;
}

/**
 * Maven's version order as written in the POM reference ("Version Order Specification"), the
 * rules ComparableVersion implements: tokens split at '.', '-' and digit/letter transitions,
 * trailing nulls trimmed at each hyphen, alpha < beta < milestone < rc = cr < snapshot <
 * '' = ga = final = release < sp < other qualifiers (alphabetical), case-insensitive.
 */
export const mavenOrdering: VersionOrdering = defineOrdering(parseMaven, compareMaven);
