import { compareDigits, compareStrings, defineOrdering, isAsciiLetter, isDigit, type VersionOrdering } from './ordering.js';

interface Evr {
  epoch: string;
  version: string;
  release: string;
}

/**
 * rpm's EVR split: digits before the first ':' are the epoch (absent = 0), the release follows the
 * last '-'. Invalid: empty, whitespace or control characters, an empty version, or a non-numeric epoch.
 */
function parseEvr(evr: string): Evr | undefined {
  if (evr === '' || /[\s\u0000-\u001f\u007f]/.test(evr)) return undefined;
  const colon = evr.indexOf(':');
  const epoch = colon === -1 ? '0' : evr.slice(0, colon) || '0';
  if (!/^[0-9]+$/.test(epoch)) return undefined;
  const rest = evr.slice(colon + 1);
  const hyphen = rest.lastIndexOf('-');
  const version = hyphen === -1 ? rest : rest.slice(0, hyphen);
  if (version === '') return undefined;
  return { epoch, version, release: hyphen === -1 ? '' : rest.slice(hyphen + 1) };
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

/** Epoch numerically, then version, then release with rpmvercmp; a missing release sorts as empty. */
function compareEvr(a: Evr, b: Evr): number {
  return compareDigits(a.epoch, b.epoch) || rpmvercmp(a.version, b.version) || rpmvercmp(a.release, b.release);
}

export const rpmOrdering: VersionOrdering = defineOrdering(parseEvr, compareEvr);
