import { CelScalar, celFunc, celList, celMethod, isCelList, isCelMap, isCelUint, listType, type CelFunc, type CelList, type CelValue } from '@bufbuild/cel';
import { charge } from '../cost.js';
import { celKey } from '../values.js';
import { RANGE_COST, SORT_BY_KEYS } from '../syntax.js';

const { DYN, INT, BOOL } = CelScalar;
const LIST = listType(DYN);

function numeric(value: CelValue): number | bigint | undefined {
  if (typeof value === 'bigint' || typeof value === 'number') return value;
  if (isCelUint(value)) return value.value;
  return undefined;
}

/** The ordering of the Kubernetes list library's comparable elements: numbers, strings, bools, bytes, durations. */
function compare(a: CelValue, b: CelValue): number {
  const x = numeric(a);
  const y = numeric(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new Error('list elements are not comparable');
}

function elements(list: CelList): CelValue[] {
  charge(list.size);
  return [...list];
}

function extreme(list: CelList, sign: 1 | -1): CelValue {
  const items = elements(list);
  if (items.length === 0) throw new Error(sign > 0 ? 'max called on empty list' : 'min called on empty list');
  return items.reduce((best, item) => (compare(item, best) * sign > 0 ? item : best));
}

function sum(list: CelList): CelValue {
  const items = elements(list);
  if (items.length === 0) return 0n;
  if (items.every((item) => typeof item === 'bigint')) return (items as bigint[]).reduce((a, b) => a + b, 0n);
  if (items.every((item) => typeof item === 'number')) return (items as number[]).reduce((a, b) => a + b, 0);
  throw new Error('sum requires a list of ints or a list of doubles');
}

function indexOf(list: CelList, value: CelValue, last: boolean): bigint {
  const keys = elements(list).map(celKey);
  const key = celKey(value);
  return BigInt(last ? keys.lastIndexOf(key) : keys.indexOf(key));
}

/** Kubernetes' list library (k8s.io/apiserver/pkg/cel/library/lists.go) and the comprehension cost hook. */
export const listFunctions: CelFunc[] = [
  celMethod('isSorted', LIST, [], BOOL, function () {
    const items = elements(this);
    return items.every((item, i) => i === 0 || compare(items[i - 1]!, item) <= 0);
  }),
  celMethod('sum', LIST, [], DYN, function () {
    return sum(this);
  }),
  celMethod('min', LIST, [], DYN, function () {
    return extreme(this, -1);
  }),
  celMethod('max', LIST, [], DYN, function () {
    return extreme(this, 1);
  }),
  celMethod('indexOf', LIST, [DYN], INT, function (value) {
    return indexOf(this, value, false);
  }),
  celMethod('lastIndexOf', LIST, [DYN], INT, function (value) {
    return indexOf(this, value, true);
  }),
  celFunc(RANGE_COST, [DYN, INT], DYN, (range, stepCost) => {
    if (isCelList(range) || isCelMap(range)) charge(range.size * Number(stepCost));
    return range;
  }),
];

/** cel-go's list extension (ext.Lists), which Kubernetes declares: distinct, flatten, range, reverse, slice, sort. */
export const listExtensionFunctions: CelFunc[] = [
  celFunc('lists.range', [INT], LIST, (n) => {
    if (n < 0n) throw new Error(`lists.range() cannot be called with a negative number: ${n}`);
    charge(Number(n));
    return celList(Array.from({ length: Number(n) }, (_, i) => BigInt(i)));
  }),
  celMethod('distinct', LIST, [], LIST, function () {
    const seen = new Set<string>();
    return celList(elements(this).filter((item) => {
      const key = celKey(item);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }));
  }),
  celMethod('flatten', LIST, [], LIST, function () {
    return celList(flatten(elements(this), 1));
  }),
  celMethod('flatten', LIST, [INT], LIST, function (depth) {
    if (depth < 0n) throw new Error('level must be non-negative');
    return celList(flatten(elements(this), Number(depth)));
  }),
  celMethod('reverse', LIST, [], LIST, function () {
    return celList(elements(this).reverse());
  }),
  celMethod('slice', LIST, [INT, INT], LIST, function (start, end) {
    const size = BigInt(this.size);
    if (start < 0n || end < 0n) throw new Error(`cannot slice(${start}, ${end}), negative indexes not supported`);
    if (start > end) throw new Error(`cannot slice(${start}, ${end}), start index must be less than or equal to end index`);
    if (end > size) throw new Error(`cannot slice(${start}, ${end}), list is length ${size}`);
    return celList(elements(this).slice(Number(start), Number(end)));
  }),
  celMethod('sort', LIST, [], LIST, function () {
    return celList(sorted(elements(this)));
  }),
  celFunc(SORT_BY_KEYS, [LIST, LIST], LIST, (list, keys) => {
    const items = elements(list);
    const order = elements(keys);
    sorted(order);
    return celList(items.map((item, i) => ({ item, key: order[i]! })).sort((a, b) => compare(a.key, b.key)).map((pair) => pair.item));
  }),
];

function flatten(items: readonly CelValue[], depth: number): CelValue[] {
  if (depth === 0) return [...items];
  return items.flatMap((item) => (isCelList(item) ? flatten([...item], depth - 1) : [item]));
}

/** Sorted copy; the elements must be of one comparable type, as cel-go requires. */
function sorted(items: readonly CelValue[]): CelValue[] {
  const kinds = new Set(items.map((item) => (typeof item === 'bigint' || typeof item === 'number' || isCelUint(item) ? 'number' : typeof item)));
  if (kinds.size > 1 || [...kinds].some((kind) => kind !== 'number' && kind !== 'string' && kind !== 'boolean')) {
    throw new Error('list elements must have the same, comparable type');
  }
  return [...items].sort(compare);
}

/** cel-go's sets extension, which Kubernetes enables: `sets.contains`, `sets.equivalent`, `sets.intersects`. */
export const setFunctions: CelFunc[] = [
  celFunc('sets.contains', [LIST, LIST], BOOL, (list, sub) => {
    const keys = new Set(elements(list).map(celKey));
    return elements(sub).every((item) => keys.has(celKey(item)));
  }),
  celFunc('sets.equivalent', [LIST, LIST], BOOL, (a, b) => {
    const x = new Set(elements(a).map(celKey));
    const y = new Set(elements(b).map(celKey));
    return [...x].every((k) => y.has(k)) && [...y].every((k) => x.has(k));
  }),
  celFunc('sets.intersects', [LIST, LIST], BOOL, (a, b) => {
    const x = new Set(elements(a).map(celKey));
    return elements(b).some((item) => x.has(celKey(item)));
  }),
];
