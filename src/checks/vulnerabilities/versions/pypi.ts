import { explain } from '@renovatebot/pep440';
import { compareStrings, defineOrdering, sign, type VersionOrdering } from './ordering.js';

/**
 * PEP 440's sort key, built once per version: the library's `compare` parses both strings with a large regex on
 * every call, which made PyPI the slowest ecosystem to match.
 */
interface Pep440Key {
  epoch: number;
  /** Trailing zeros dropped: `1.0` == `1.0.0`. */
  release: number[];
  /** -1: a dev release of no pre- or post-release, sorting below its prereleases; 1: no prerelease; 0: `pre`. */
  preRank: number;
  pre: [string, number];
  /** -1 without a post-release. */
  post: number;
  /** Infinity without a dev release: a dev release sorts below the same version without. */
  dev: number;
  /** Local parts, alphanumerics ranking below numbers; undefined sorts below any local version. */
  local: Array<string | number> | undefined;
}

function keyOf(version: string): Pep440Key | undefined {
  const parsed = explain(version.trim());
  if (!parsed) return undefined;
  const release = [...parsed.release];
  while (release.length > 0 && release[release.length - 1] === 0) release.pop();
  const hasPre = Array.isArray(parsed.pre) && parsed.pre.length === 2;
  const post = typeof parsed.post === 'number' ? parsed.post : -1;
  const dev = typeof parsed.dev === 'number' ? parsed.dev : Infinity;
  return {
    epoch: parsed.epoch,
    release,
    preRank: hasPre ? 0 : post === -1 && dev !== Infinity ? -1 : 1,
    pre: hasPre ? [String(parsed.pre[0]), Number(parsed.pre[1])] : ['', 0],
    post,
    dev,
    local: parsed.local ? parsed.local.split('.').map((part) => (Number.isNaN(Number(part)) ? part : Number(part))) : undefined,
  };
}

const compareNumbers = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

function compareRelease(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return compareNumbers(a[i]!, b[i]!);
  return a.length - b.length;
}

function compareLocal(a: Pep440Key['local'], b: Pep440Key['local']): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  for (let i = 0; i < a.length && i < b.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x !== typeof y) return typeof x === 'string' ? -1 : 1;
    const order = typeof x === 'number' ? compareNumbers(x, y as number) : compareStrings(x, y as string);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareKeys(a: Pep440Key, b: Pep440Key): number {
  return (
    compareNumbers(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    compareNumbers(a.preRank, b.preRank) ||
    compareStrings(a.pre[0], b.pre[0]) ||
    compareNumbers(a.pre[1], b.pre[1]) ||
    compareNumbers(a.post, b.post) ||
    compareNumbers(a.dev, b.dev) ||
    sign(compareLocal(a.local, b.local))
  );
}

/**
 * PEP 440 via @renovatebot/pep440's parser. Surrounding whitespace is stripped first, as Python's
 * `packaging.version.Version` does.
 */
export const pypiOrdering: VersionOrdering = defineOrdering(keyOf, compareKeys);
