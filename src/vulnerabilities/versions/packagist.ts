import { compareDigits, defineOrdering, isDigit, sign, type VersionOrdering } from './ordering.js';

/**
 * Composer's VersionParser::normalize for numbered versions: optional 'v', one to four numbers
 * (padded to four), an optional stability modifier with its number, an optional '-dev', and build
 * metadata dropped. Branch names (`dev-main`, `1.x-dev`) have no order and are invalid here.
 */
const CLASSICAL =
  /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?[._-]?(?:(stable|beta|b|rc|alpha|a|patch|pl|p)((?:[.-]?\d+)*)?)?([.-]?dev)?(?:\+\S+)?$/i;
const STABILITY: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', p: 'patch', pl: 'patch', rc: 'RC' };

function normalizeComposer(version: string): string | undefined {
  const match = CLASSICAL.exec(version.trim());
  if (!match) return undefined;
  let normalized = [match[1], match[2] ?? '0', match[3] ?? '0', match[4] ?? '0'].join('.');
  const stability = match[5]?.toLowerCase();
  if (stability !== undefined && stability !== 'stable') {
    normalized += `-${STABILITY[stability] ?? stability}${(match[6] ?? '').replace(/^[.-]+/, '')}`;
  }
  if (match[7] !== undefined) normalized += '-dev';
  return normalized;
}

/**
 * PHP's php_canonicalize_version, reduced to what a Composer-normalized version can contain
 * (letters, digits, '.', '-'): '-' becomes '.', and '.' goes between digit and letter runs.
 */
function canonicalize(normalized: string): string[] {
  return normalized.replace(/-/g, '.').replace(/(?<=\d)(?=[A-Za-z])|(?<=[A-Za-z])(?=\d)/g, '.').split('.');
}

/** version_compare's special forms, matched by prefix in this order; anything else ranks below 'dev'. */
const SPECIAL_FORMS: ReadonlyArray<readonly [string, number]> = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];
const NUMBER_FORM = '#';

function specialFormRank(form: string): number {
  for (const [name, rank] of SPECIAL_FORMS) if (form.startsWith(name)) return rank;
  return -6;
}

const startsWithDigit = (part: string): boolean => part.length > 0 && isDigit(part.charCodeAt(0));

/** PHP's version_compare on canonicalized parts; a number outranks any special form but 'pl'/'p'. */
function versionCompare(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xNumber = startsWithDigit(x);
    const yNumber = startsWithDigit(y);
    const result =
      xNumber && yNumber
        ? compareDigits(x, y)
        : sign(specialFormRank(xNumber ? NUMBER_FORM : x) - specialFormRank(yNumber ? NUMBER_FORM : y));
    if (result !== 0) return result;
  }
  if (a.length > length) return startsWithDigit(a[length]!) ? 1 : versionCompare(a.slice(length), [NUMBER_FORM]);
  if (b.length > length) return startsWithDigit(b[length]!) ? -1 : versionCompare([NUMBER_FORM], b.slice(length));
  return 0;
}

/**
 * Composer's order: versions are normalized as Composer does (so `1.0` equals `1.0.0.0` and
 * `v1.0.0`), then compared with PHP's version_compare, whose stability order is
 * dev < alpha = a < beta = b < RC = rc < (release) < pl = p (Composer writes `patch`).
 */
export const packagistOrdering: VersionOrdering = defineOrdering(
  (version) => {
    const normalized = normalizeComposer(version);
    return normalized === undefined ? undefined : canonicalize(normalized);
  },
  versionCompare,
);
