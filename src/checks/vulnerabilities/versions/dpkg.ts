import { compareDigits, defineOrdering, isAsciiLetter, isDigit, type VersionOrdering } from './ordering.js';

interface DebianVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

/**
 * dpkg's parseversion: `[epoch:]upstream[-revision]`, surrounding whitespace ignored. Only the
 * conditions dpkg reports as errors make a version invalid; its warnings (an upstream not starting
 * with a digit, unusual characters) do not, as dpkg still orders those versions.
 */
function parseDebian(input: string): DebianVersion | undefined {
  const version = input.trim();
  if (version === '' || /\s/.test(version)) return undefined;
  const colon = version.indexOf(':');
  const epoch = colon === -1 ? '0' : parseEpoch(version.slice(0, colon));
  if (epoch === undefined) return undefined;
  const rest = version.slice(colon + 1);
  const hyphen = rest.lastIndexOf('-');
  const upstream = hyphen === -1 ? rest : rest.slice(0, hyphen);
  const revision = hyphen === -1 ? '' : rest.slice(hyphen + 1);
  if (upstream === '' || (hyphen !== -1 && revision === '')) return undefined;
  return { epoch, upstream, revision };
}

const INT_MAX = 2147483647;

/** dpkg reads the epoch with strtol: an optional sign, digits, and a value from 0 to INT_MAX (`-0` and `+1` pass). */
function parseEpoch(text: string): string | undefined {
  const match = /^([+-]?)(\d+)$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[2]);
  if (value > INT_MAX || (match[1] === '-' && value !== 0)) return undefined;
  return String(value);
}

/** dpkg's character weight: '~' below the end of the string, letters below all other non-digits. */
function weight(text: string, index: number): number {
  if (index >= text.length) return 0;
  const code = text.charCodeAt(index);
  if (isDigit(code)) return 0;
  if (isAsciiLetter(code)) return code;
  if (code === 126 /* ~ */) return -1;
  return code + 256;
}

/** dpkg's verrevcmp: alternate non-digit runs (by weight) and digit runs (numerically). */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a.charCodeAt(i))) || (j < b.length && !isDigit(b.charCodeAt(j)))) {
      const diff = weight(a, i) - weight(b, j);
      if (diff !== 0) return diff;
      i++;
      j++;
    }
    const digitsA = i;
    while (i < a.length && isDigit(a.charCodeAt(i))) i++;
    const digitsB = j;
    while (j < b.length && isDigit(b.charCodeAt(j))) j++;
    const diff = compareDigits(a.slice(digitsA, i) || '0', b.slice(digitsB, j) || '0');
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Debian Policy 5.6.12: epoch numerically, then upstream, then revision (absent = empty, which equals "0"). */
function compareDebian(a: DebianVersion, b: DebianVersion): number {
  return compareDigits(a.epoch, b.epoch) || verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

export const dpkgOrdering: VersionOrdering = defineOrdering(parseDebian, compareDebian);
