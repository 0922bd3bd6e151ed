import { isReflectMessage } from '@bufbuild/protobuf/reflect';
import { celList, celMap, isCelList, isCelMap, isCelUint, type CelValue } from '@bufbuild/cel';

/**
 * Kubernetes hands policies its objects as JSON decoded into CEL values: whole numbers are `int`, others `double`.
 * JavaScript numbers would all be `double` (and `object.spec.replicas + 1` would find no overload), so objects are
 * converted once per request and shared by every policy.
 */
export function toCel(value: unknown): CelValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
      return value;
    case 'number':
      return Number.isInteger(value) ? BigInt(value) : value;
    case 'object':
      if (Array.isArray(value)) return celList(value.map(toCel));
      return celMap(new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toCel(v)])));
    default:
      return null;
  }
}

/**
 * A CEL value as the JSON the apiserver would store: what a mutation builds becomes part of the object. Values JSON
 * cannot hold (bytes, types, the Kubernetes library's opaque values) throw.
 */
export class NotJsonError extends Error {}

export function fromCel(value: CelValue): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotJsonError(`${value} cannot be stored in an object`);
    return value;
  }
  if (isCelUint(value)) return Number(value.value);
  if (isCelList(value)) return [...value].map(fromCel);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) {
      if (typeof key !== 'string') throw new NotJsonError('a map with non-string keys cannot be stored in an object');
      if (key === '__proto__') throw new NotJsonError('"__proto__" cannot be a field name');
      out[key] = fromCel(item);
    }
    return out;
  }
  throw new NotJsonError('a value of this type cannot be stored in an object');
}

/** Canonical text of a value, so values CEL calls equal share it (`1` and `1.0`, maps in any key order). */
export function celKey(value: CelValue): string {
  if (typeof value === 'bigint') return `n:${value}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `n:${value}` : `n:${String(value)}`;
  if (isCelUint(value)) return `n:${value.value}`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (isCelList(value)) return `[${[...value].map(celKey).join(',')}]`;
  if (isCelMap(value)) {
    return `{${[...value].map(([k, v]) => `${celKey(k)}:${celKey(v)}`).sort().join(',')}}`;
  }
  if (value instanceof Uint8Array) return `b:${Buffer.from(value).toString('base64')}`;
  if (isReflectMessage(value)) {
    const key = (value.message as { key?: unknown }).key;
    return `${value.desc.typeName}:${typeof key === 'string' ? key : ''}`;
  }
  return String(value);
}
