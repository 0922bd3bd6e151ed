/**
 * Canonical interval sets: sorted, disjoint, non-adjacent closed ranges. One implementation serves
 * port sets (numbers) and address sets (bigints, because IPv6 does not fit a double).
 */
export type Scalar = number | bigint;
export type Range<T extends Scalar> = readonly [T, T];
export type RangeSet<T extends Scalar> = ReadonlyArray<Range<T>>;

function next<T extends Scalar>(value: T): T {
  return (typeof value === 'bigint' ? value + 1n : (value as number) + 1) as T;
}

function previous<T extends Scalar>(value: T): T {
  return (typeof value === 'bigint' ? value - 1n : (value as number) - 1) as T;
}

/** Sorts and merges overlapping or adjacent ranges. */
export function normalize<T extends Scalar>(ranges: Iterable<Range<T>>): Array<Range<T>> {
  const sorted = [...ranges].filter(([s, e]) => s <= e).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Array<[T, T]> = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= next(last[1])) {
      if (e > last[1]) last[1] = e;
    } else out.push([s, e]);
  }
  return out;
}

export function union<T extends Scalar>(a: RangeSet<T>, b: RangeSet<T>): Array<Range<T>> {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  return normalize([...a, ...b]);
}

export function intersect<T extends Scalar>(a: RangeSet<T>, b: RangeSet<T>): Array<Range<T>> {
  const out: Array<Range<T>> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [as, ae] = a[i]!;
    const [bs, be] = b[j]!;
    const s = as > bs ? as : bs;
    const e = ae < be ? ae : be;
    if (s <= e) out.push([s, e]);
    if (ae < be) i++;
    else j++;
  }
  return out;
}

export function subtract<T extends Scalar>(a: RangeSet<T>, b: RangeSet<T>): Array<Range<T>> {
  const out: Array<Range<T>> = [];
  let j = 0;
  for (const [start, end] of a) {
    let s = start;
    while (j < b.length && b[j]![1] < s) j++;
    let k = j;
    let open = true;
    while (k < b.length && b[k]![0] <= end) {
      const [bs, be] = b[k]!;
      if (bs > s) out.push([s, previous(bs)]);
      if (be >= end) {
        open = false;
        break;
      }
      s = next(be);
      k++;
    }
    if (open && s <= end) out.push([s, end]);
  }
  return out;
}

export function overlaps<T extends Scalar>(a: RangeSet<T>, b: RangeSet<T>): boolean {
  return intersect(a, b).length > 0;
}

export function equal<T extends Scalar>(a: RangeSet<T>, b: RangeSet<T>): boolean {
  return a.length === b.length && a.every(([s, e], i) => s === b[i]![0] && e === b[i]![1]);
}

export function contains<T extends Scalar>(outer: RangeSet<T>, inner: RangeSet<T>): boolean {
  return subtract(inner, outer).length === 0;
}

export function size(set: RangeSet<bigint>): bigint {
  let total = 0n;
  for (const [s, e] of set) total += e - s + 1n;
  return total;
}
