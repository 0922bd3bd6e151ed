import { compareDigits, compareStrings, defineOrdering, isDigit, type VersionOrdering } from './ordering.js';

/** Gem::Version's canonical segments: digit runs (kept as digit strings) and letter runs. */
type Segment = { digits: string } | { letters: string };

const VERSION = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?\s*$/;

/**
 * Gem::Version: an empty or blank string is version "0"; '-' means '.pre.'; segments are digit or
 * letter runs; any letter makes a prerelease. Trailing zeros are dropped from the release part and
 * from the prerelease part separately, which makes `1.0.a.0` equal `1.a`.
 */
function parseGem(version: string): Segment[] | undefined {
  const match = VERSION.exec(version);
  if (!match) return undefined;
  const text = (match[1] ?? '0').replaceAll('-', '.pre.');
  const segments: Segment[] = [...text.matchAll(/[0-9]+|[a-z]+/gi)].map(([run]) =>
    isDigit(run.charCodeAt(0)) ? { digits: run } : { letters: run },
  );
  const firstLetters = segments.findIndex((segment) => 'letters' in segment);
  if (firstLetters === -1) return dropTrailingZeros(segments);
  return [...dropTrailingZeros(segments.slice(0, firstLetters)), ...dropTrailingZeros(segments.slice(firstLetters))];
}

function dropTrailingZeros(segments: Segment[]): Segment[] {
  let end = segments.length;
  while (end > 0 && isZero(segments[end - 1]!)) end--;
  return segments.slice(0, end);
}

const isZero = (segment: Segment): boolean => 'digits' in segment && /^0+$/.test(segment.digits);
const ZERO: Segment = { digits: '0' };

/** Gem::Version#<=>: missing segments count as 0; a letter segment is lower than any number. */
function compareGem(a: readonly Segment[], b: readonly Segment[]): number {
  for (let i = 0; i < a.length || i < b.length; i++) {
    const x = a[i] ?? ZERO;
    const y = b[i] ?? ZERO;
    if ('digits' in x && 'digits' in y) {
      const result = compareDigits(x.digits, y.digits);
      if (result !== 0) return result;
    } else if ('letters' in x && 'letters' in y) {
      const result = compareStrings(x.letters, y.letters);
      if (result !== 0) return result;
    } else {
      return 'letters' in x ? -1 : 1;
    }
  }
  return 0;
}

export const rubygemsOrdering: VersionOrdering = defineOrdering(parseGem, compareGem);
