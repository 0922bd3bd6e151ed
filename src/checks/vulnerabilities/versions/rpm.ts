import { compareDigits, compareStrings, defineOrdering, isAsciiLetter, isDigit, type VersionOrdering } from './ordering.js';

interface Evr {
  epoch: string;
  version: string;
  /** Undefined without a '-': rpm then orders it below every release, the empty one included. */
  release: string | undefined;
}

/**
 * rpm's EVR split (rpmverParse): the epoch is the digits before a ':' that directly follows them (`:1.0` has epoch 0;
 * in `a:1` or `1.0:1` the colon belongs to the version), and the release follows the last '-', possibly empty.
 * rpm accepts any string; only empty ones and ones with whitespace or control characters, which no package
 * database or advisory holds, are invalid here.
 */
function parseEvr(evr: string): Evr | undefined {
  if (evr === '' || /[\s\u0000-\u001f\u007f]/.test(evr)) return undefined;
  const epoch = /^(\d*):/.exec(evr);
  const rest = epoch ? evr.slice(epoch[0].length) : evr;
  const hyphen = rest.lastIndexOf('-');
  return {
    epoch: epoch?.[1] || '0',
    version: hyphen === -1 ? rest : rest.slice(0, hyphen),
    release: hyphen === -1 ? undefined : rest.slice(hyphen + 1),
  };
}

const isAlphanumeric = (code: number): boolean => isDigit(code) || isAsciiLetter(code);
const TILDE = 126;
const CARET = 94;

/**
 * rpmvercmp: separators are skipped; '~' sorts before anything, even the end; '^' sorts after the
 * end but before anything else; digit runs compare numerically and beat letter runs; letter runs
 * compare as strcmp; otherwise the string with segments left over is newer.
 */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && !isAlphanumeric(a.charCodeAt(i)) && a.charCodeAt(i) !== TILDE && a.charCodeAt(i) !== CARET) i++;
    while (j < b.length && !isAlphanumeric(b.charCodeAt(j)) && b.charCodeAt(j) !== TILDE && b.charCodeAt(j) !== CARET) j++;
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(j);
    if (x === TILDE || y === TILDE) {
      if (x !== TILDE) return 1;
      if (y !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (x === CARET || y === CARET) {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (x !== CARET) return 1;
      if (y !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = isDigit(x);
    const matches = numeric ? isDigit : isAsciiLetter;
    const startA = i;
    const startB = j;
    while (i < a.length && matches(a.charCodeAt(i))) i++;
    while (j < b.length && matches(b.charCodeAt(j))) j++;
    // Segments of different types: the numeric one is newer.
    if (j === startB) return numeric ? 1 : -1;
    const segmentA = a.slice(startA, i);
    const segmentB = b.slice(startB, j);
    const result = numeric ? compareDigits(segmentA, segmentB) : compareStrings(segmentA, segmentB);
    if (result !== 0) return result;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** rpmverCmp: epoch numerically, then version, then release with rpmvercmp; no release sorts below any release. */
function compareEvr(a: Evr, b: Evr): number {
  return compareDigits(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || compareRelease(a.release, b.release);
}

function compareRelease(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return rpmvercmp(a, b);
}

export const rpmOrdering: VersionOrdering = defineOrdering(parseEvr, compareEvr);
