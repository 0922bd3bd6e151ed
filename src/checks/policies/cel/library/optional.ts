import { CelScalar, celFunc, celMethod, isCelList, isCelMap, isCelUint, type CelFunc, type CelValue } from '@bufbuild/cel';
import { optionalType } from '../opaque.js';
import type { ReflectMessage } from '@bufbuild/protobuf/reflect';
import { celKey } from '../values.js';
import { OPTIONAL_INDEX, OPTIONAL_SELECT } from '../syntax.js';

const { DYN, BOOL, STRING } = CelScalar;
const OPTIONAL = optionalType.type;

let collections = 0;

/**
 * The key makes `optional.of(1) == optional.of(1)` hold. Keying a list or map by content would walk it on every
 * `object.?spec`, so collections are keyed by identity: two optionals of equal but distinct maps compare unequal.
 */
export function some(value: CelValue): ReflectMessage {
  const key = isCelList(value) || isCelMap(value) ? `ref:${(collections = (collections + 1) % Number.MAX_SAFE_INTEGER)}` : celKey(value);
  return optionalType.wrap(value, `some:${key}`);
}

export const NONE: ReflectMessage = optionalType.wrap(undefined, 'none');

function isZero(value: CelValue): boolean {
  if (value === null || value === false || value === '' || value === 0n || value === 0) return true;
  if (isCelUint(value)) return value.value === 0n;
  if (value instanceof Uint8Array) return value.length === 0;
  if (isCelList(value) || isCelMap(value)) return value.size === 0;
  return false;
}

/** cel-go's optional select and index: absent keys give optional.none(), and an empty optional stays empty. */
function optionalAccess(target: CelValue, key: CelValue): ReflectMessage {
  let value = target;
  if (optionalType.is(target)) {
    const inner = optionalType.unwrap(target);
    if (inner === undefined) return NONE;
    value = inner;
  }
  if (isCelMap(value)) {
    const keyValue = isCelUint(key) ? key : typeof key === 'number' && Number.isInteger(key) ? BigInt(key) : key;
    if (typeof keyValue !== 'string' && typeof keyValue !== 'bigint' && typeof keyValue !== 'boolean' && !isCelUint(keyValue)) {
      throw new Error(`unsupported map key type for optional access`);
    }
    const found = value.get(keyValue);
    return found === undefined ? NONE : some(found);
  }
  if (isCelList(value)) {
    const index = typeof key === 'bigint' ? Number(key) : isCelUint(key) ? Number(key.value) : typeof key === 'number' && Number.isInteger(key) ? key : NaN;
    if (Number.isNaN(index)) throw new Error('unsupported index type for a list');
    const found = index >= 0 ? value.get(index) : undefined;
    return found === undefined ? NONE : some(found);
  }
  throw new Error(`no such key: ${String(key)}`);
}

/** CEL's optional library (`optional.of`, `.orValue()`, ...) and the functions behind `a.?b` and `a[?k]`. */
export const optionalFunctions: CelFunc[] = [
  celFunc('optional.of', [DYN], OPTIONAL, (value) => some(value)),
  celFunc('optional.none', [], OPTIONAL, () => NONE),
  celFunc('optional.ofNonZeroValue', [DYN], OPTIONAL, (value) => (isZero(value) ? NONE : some(value))),
  celMethod('hasValue', OPTIONAL, [], BOOL, function () {
    return optionalType.unwrap(this) !== undefined;
  }),
  celMethod('value', OPTIONAL, [], DYN, function () {
    const inner = optionalType.unwrap(this);
    if (inner === undefined) throw new Error('optional.none() dereference');
    return inner;
  }),
  celMethod('orValue', OPTIONAL, [DYN], DYN, function (fallback) {
    return optionalType.unwrap(this) ?? fallback;
  }),
  celMethod('or', OPTIONAL, [OPTIONAL], OPTIONAL, function (other) {
    return optionalType.unwrap(this) === undefined ? other : this;
  }),
  celFunc(OPTIONAL_SELECT, [DYN, STRING], OPTIONAL, optionalAccess),
  celFunc(OPTIONAL_INDEX, [DYN, DYN], OPTIONAL, optionalAccess),
];
