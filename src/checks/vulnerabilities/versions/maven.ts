import { compareDigits, compareStrings, defineOrdering, isDigit, sign, type VersionOrdering } from './ordering.js';

/**
 * Maven's ComparableVersion (maven-artifact 3.9), the order Maven itself resolves ranges with: a version is a list of
 * items, where '.' separates items of one list and '-', or a switch between letters and digits, opens a nested list.
 * A qualifier keeps its comparableQualifier key, computed once at parse time rather than on every comparison.
 */
type Item = { kind: 'number'; digits: string } | { kind: 'qualifier'; key: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['ga', ''],
  ['final', ''],
  ['release', ''],
  ['cr', 'rc'],
]);
/** `a1`, `b1`, `m1`: single letters directly followed by a number. */
const SHORT_QUALIFIERS: ReadonlyMap<string, string> = new Map([
  ['a', 'alpha'],
  ['b', 'beta'],
  ['m', 'milestone'],
]);
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

/** comparableQualifier: known qualifiers by rank, then unknown ones after them, alphabetically (as strings). */
function comparable(qualifier: string): string {
  const index = QUALIFIERS.indexOf(qualifier);
  return index === -1 ? `${QUALIFIERS.length}-${qualifier}` : String(index);
}

function qualifier(text: string, followedByDigit: boolean): Item {
  const expanded = (followedByDigit && SHORT_QUALIFIERS.get(text)) || text;
  return { kind: 'qualifier', key: comparable(ALIASES.get(expanded) ?? expanded) };
}

function number(digits: string): Item {
  return { kind: 'number', digits: digits.replace(/^0+(?=.)/, '') };
}

const item = (numeric: boolean, text: string): Item => (numeric ? number(text) : qualifier(text, false));

function isNull(entry: Item): boolean {
  if (entry.kind === 'number') return entry.digits === '0';
  if (entry.kind === 'qualifier') return entry.key === RELEASE_INDEX;
  return entry.items.length === 0;
}

/** ListItem.normalize: drops trailing null items (0, '', empty lists), looking past nested lists but no further. */
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const last = list[i]!;
    if (isNull(last)) list.splice(i, 1);
    else if (last.kind !== 'list') break;
  }
}

/** Java's Character.isDigit also takes other scripts' digits, which Integer parses; those are refused instead. */
const OTHER_DIGIT = /(?![0-9])\p{Nd}/u;

/**
 * ComparableVersion.parseVersion. Maven accepts any string; empty ones, whitespace (impossible in a coordinate) and
 * digits of other scripts are rejected here.
 */
function parseMaven(version: string): Item[] | undefined {
  if (version.length === 0 || /\s/.test(version) || OTHER_DIGIT.test(version)) return undefined;
  const text = version.toLowerCase();
  const root: Item[] = [];
  const lists: Item[][] = [root];
  let list = root;
  const open = (): void => {
    const nested: Item[] = [];
    list.push({ kind: 'list', items: nested });
    lists.push(nested);
    list = nested;
  };
  let inDigits = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */ || c === 45 /* - */) {
      list.push(i === start ? number('0') : item(inDigits, text.slice(start, i)));
      start = i + 1;
      if (c === 45) open();
    } else if (isDigit(c)) {
      if (!inDigits && i > start) {
        // `1.0.0.X1 < 1.0.0-X2`: a qualifier before a number always starts a list of its own, as after '-'.
        if (list.length > 0) open();
        list.push(qualifier(text.slice(start, i), true));
        start = i;
        open();
      }
      inDigits = true;
    } else {
      if (inDigits && i > start) {
        list.push(number(text.slice(start, i)));
        start = i;
        open();
      }
      inDigits = false;
    }
  }
  if (text.length > start) {
    if (!inDigits && list.length > 0) open();
    list.push(item(inDigits, text.slice(start)));
  }
  for (let i = lists.length - 1; i >= 0; i--) normalize(lists[i]!);
  return root;
}

/** Item.compareTo(null): how an item compares with the end of the shorter version. */
function compareWithEnd(entry: Item): number {
  if (entry.kind === 'number') return entry.digits === '0' ? 0 : 1;
  if (entry.kind === 'qualifier') return compareStrings(entry.key, RELEASE_INDEX);
  for (const nested of entry.items) {
    const result = compareWithEnd(nested);
    if (result !== 0) return result;
  }
  return 0;
}

/** Across kinds: number > list > qualifier (`1.1 > 1-1 > 1-sp`). */
const KIND_RANK = { qualifier: 0, list: 1, number: 2 } as const;

function compareItems(a: Item, b: Item): number {
  if (a.kind !== b.kind) return sign(KIND_RANK[a.kind] - KIND_RANK[b.kind]);
  if (a.kind === 'number') return compareDigits(a.digits, (b as typeof a).digits);
  if (a.kind === 'qualifier') return compareStrings(a.key, (b as typeof a).key);
  return compareLists(a.items, (b as typeof a).items);
}

function compareLists(a: readonly Item[], b: readonly Item[]): number {
  for (let i = 0; i < a.length || i < b.length; i++) {
    const x = a[i];
    const y = b[i];
    const result = x === undefined ? -compareWithEnd(y!) : y === undefined ? compareWithEnd(x) : compareItems(x, y);
    if (result !== 0) return result;
  }
  return 0;
}

/**
 * Maven's version order exactly as maven-artifact's ComparableVersion computes it (tested pair by pair against
 * maven-artifact 3.9.9): alpha < beta < milestone < rc = cr < snapshot < '' = ga = final = release < sp < other
 * qualifiers (alphabetical), case-insensitive, `.rc1` = `-rc1`.
 */
export const mavenOrdering: VersionOrdering = defineOrdering(parseMaven, compareLists);
