import { compareDigits, defineOrdering, isDigit, sign, type VersionOrdering } from './ordering.js';

const MODIFIER = '[._-]?(?:(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\\d+)*)?)?([.-]?dev)?';
/** At most five digits first: longer numbers are dates (`20240131`) or nothing. */
const CLASSICAL = new RegExp(`^v?(\\d{1,5})(\\.\\d+)?(\\.\\d+)?(\\.\\d+)?${MODIFIER}$`, 'i');
const DATE = new RegExp(`^v?(\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3})?)${MODIFIER}$`, 'i');
/** `2.1.x-dev`, `3.*-dev`: a numbered branch, whose missing or wildcard parts become 9999999. */
const NUMBERED_BRANCH = /^v?(\d+)(\.(?:\d+|[x*]))?(\.(?:\d+|[x*]))?(\.(?:\d+|[x*]))?$/i;
const STABILITY: Readonly<Record<string, string>> = { a: 'alpha', b: 'beta', p: 'patch', pl: 'patch', rc: 'RC' };

/** The `stability`, `numbers` and `dev` groups of MODIFIER, appended as Composer does. */
function withModifier(base: string, stability: string | undefined, numbers: string | undefined, dev: string | undefined): string {
  if (stability === 'stable') return base;
  let version = base;
  if (stability) version += `-${STABILITY[stability.toLowerCase()] ?? stability.toLowerCase()}${(numbers ?? '').replace(/^[.-]+/, '')}`;
  if (dev) version += '-dev';
  return version;
}

/**
 * composer/semver's VersionParser::normalize: classical versions padded to four numbers, date versions, numbered
 * branches (`1.x-dev`), each with its stability modifier; build metadata dropped. Named branches (`dev-main`,
 * `master`) are refused: Composer orders them below every release, which would make every advisory match them.
 */
function normalizeComposer(input: string): string | undefined {
  let version = input.trim();
  if (/^dev-/i.test(version) || ['master', 'trunk', 'default'].includes(version)) return undefined;
  version = /^([^,\s+]+)\+\S+$/.exec(version)?.[1] ?? version;
  const classical = CLASSICAL.exec(version);
  if (classical) {
    const base = `${classical[1]}${classical[2] || '.0'}${classical[3] || '.0'}${classical[4] || '.0'}`;
    return withModifier(base, classical[5], classical[6], classical[7]);
  }
  const date = DATE.exec(version);
  if (date) return withModifier(date[1]!.replace(/\D/g, '.'), date[2], date[3], date[4]);
  const branch = /^(.*?)[.-]?dev$/i.exec(version);
  const numbered = branch ? NUMBERED_BRANCH.exec(branch[1]!.trim()) : null;
  if (!numbered) return undefined;
  const parts = [1, 2, 3, 4].map((i) => numbered[i] ?? '.x').join('');
  return `${parts.replace(/[*X]/g, 'x').replace(/x/g, '9999999')}-dev`;
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
