import { CelScalar, celFunc, celMethod, type CelFunc, type CelValue } from '@bufbuild/cel';
import { opaqueType } from '../opaque.js';

/** A resource.Quantity as an exact rational: `numerator / 10^scale`. */
export interface Quantity {
  numerator: bigint;
  scale: number;
}

const { STRING, BOOL, INT, DOUBLE } = CelScalar;
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** resource.Quantity rejects what it cannot represent; exponents this large are not quantities anyone writes. */
const MAX_EXPONENT = 1000;

/** resource.ParseQuantity's grammar: sign, digits with an optional fraction, then a binary or decimal suffix or an exponent. */
export function parseQuantity(text: string): Quantity | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/.exec(text);
  if (!match || text === '') return undefined;
  const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
  if (whole === '' && fraction === '') return undefined;
  let numerator = BigInt(`${whole}${fraction}` || '0') * (sign === '-' ? -1n : 1n);
  let scale = fraction.length;
  if (suffix in BINARY) {
    numerator *= 2n ** BigInt(BINARY[suffix]!);
  } else {
    const exponent = suffix in DECIMAL ? DECIMAL[suffix]! : Number(suffix.slice(1));
    if (Math.abs(exponent) > MAX_EXPONENT) return undefined;
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else scale -= exponent;
  }
  return normalize({ numerator, scale });
}

function normalize(q: Quantity): Quantity {
  let { numerator, scale } = q;
  while (scale > 0 && numerator % 10n === 0n) {
    numerator /= 10n;
    scale -= 1;
  }
  return { numerator, scale };
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.numerator * 10n ** BigInt(scale - a.scale), b.numerator * 10n ** BigInt(scale - b.scale), scale];
}

function compare(a: Quantity, b: Quantity): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function combine(a: Quantity, b: Quantity, sign: 1n | -1n): Quantity {
  const [x, y, scale] = align(a, b);
  return normalize({ numerator: x + sign * y, scale });
}

export const quantityType = opaqueType<Quantity>('quantity');
const QUANTITY = quantityType.type;

function wrap(q: Quantity) {
  return quantityType.wrap(q, `${q.numerator}e-${q.scale}`);
}

function of(value: CelValue): Quantity {
  const q = quantityType.unwrap(value);
  if (!q) throw new Error('not a quantity');
  return q;
}

function fromInt(value: bigint): Quantity {
  return { numerator: value, scale: 0 };
}

/** Kubernetes' quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go). */
export const quantityFunctions: CelFunc[] = [
  celFunc('quantity', [STRING], QUANTITY, (text) => {
    const q = parseQuantity(text);
    if (!q) throw new Error('quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
    return wrap(q);
  }),
  celFunc('isQuantity', [STRING], BOOL, (text) => parseQuantity(text) !== undefined),
  celMethod('isInteger', QUANTITY, [], BOOL, function () {
    const q = of(this);
    return q.scale === 0 && q.numerator >= INT64_MIN && q.numerator <= INT64_MAX;
  }),
  celMethod('asInteger', QUANTITY, [], INT, function () {
    const q = of(this);
    if (q.scale !== 0 || q.numerator < INT64_MIN || q.numerator > INT64_MAX) throw new Error('cannot convert value to integer');
    return q.numerator;
  }),
  celMethod('asApproximateFloat', QUANTITY, [], DOUBLE, function () {
    const q = of(this);
    return Number(q.numerator) / 10 ** q.scale;
  }),
  celMethod('sign', QUANTITY, [], INT, function () {
    const n = of(this).numerator;
    return n > 0n ? 1n : n < 0n ? -1n : 0n;
  }),
  celMethod('isGreaterThan', QUANTITY, [QUANTITY], BOOL, function (other) {
    return compare(of(this), of(other)) > 0;
  }),
  celMethod('isLessThan', QUANTITY, [QUANTITY], BOOL, function (other) {
    return compare(of(this), of(other)) < 0;
  }),
  celMethod('compareTo', QUANTITY, [QUANTITY], INT, function (other) {
    return BigInt(compare(of(this), of(other)));
  }),
  celMethod('add', QUANTITY, [QUANTITY], QUANTITY, function (other) {
    return wrap(combine(of(this), of(other), 1n));
  }),
  celMethod('add', QUANTITY, [INT], QUANTITY, function (other) {
    return wrap(combine(of(this), fromInt(other), 1n));
  }),
  celMethod('sub', QUANTITY, [QUANTITY], QUANTITY, function (other) {
    return wrap(combine(of(this), of(other), -1n));
  }),
  celMethod('sub', QUANTITY, [INT], QUANTITY, function (other) {
    return wrap(combine(of(this), fromInt(other), -1n));
  }),
];
