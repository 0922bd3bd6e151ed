import { CelScalar, celFunc, celList, celMap, isCelList, isCelMap, isCelUint, listType, type CelFunc, type CelList, type CelValue } from '@bufbuild/cel';
import { optionalType } from '../opaque.js';
import { ENTRIES, MERGE_MAPS, OPTIONAL_LIST, OPTIONAL_MAP, PAIRS_TO_MAP } from '../syntax.js';

const { DYN, STRING } = CelScalar;
const LIST = listType(DYN);

/** The value inside an optional element or entry, or undefined for an empty one; anything else is a type error. */
function unwrapOptional(value: CelValue): CelValue | undefined {
  if (!optionalType.is(value)) throw new Error(`optional entry must be an optional value, got ${typeof value}`);
  return optionalType.unwrap(value);
}

/** Keys the way CEL maps compare them: 1 and 1u are one key. */
function mapKey(value: CelValue): CelValue {
  return isCelUint(value) ? value.value : value;
}

/**
 * The helpers the parser's rewrites call for what Kubernetes enables beyond @bufbuild/cel: optional list elements
 * and map entries, and the two-variable comprehensions. (cel-go's `math` and `cel.bind` are not declared by
 * Kubernetes 1.37's environment: the apiserver rejects them, and so does Rampart.)
 */
export const extensionFunctions: CelFunc[] = [
  celFunc(OPTIONAL_LIST, [LIST, LIST], LIST, (list, indexes) => {
    const optional = new Set([...indexes].map((i) => Number(i as bigint)));
    const out: CelValue[] = [];
    [...list].forEach((item, i) => {
      if (!optional.has(i)) out.push(item);
      else {
        const inner = unwrapOptional(item);
        if (inner !== undefined) out.push(inner);
      }
    });
    return celList(out);
  }),
  celFunc(OPTIONAL_MAP, [DYN, LIST], DYN, (map, keys) => {
    if (!isCelMap(map)) throw new Error('no such overload');
    const optional = new Set([...keys].map(mapKey));
    const out = new Map<CelValue, CelValue>();
    for (const [key, value] of map) {
      if (!optional.has(mapKey(key))) out.set(key, value);
      else {
        const inner = unwrapOptional(value);
        if (inner !== undefined) out.set(key, inner);
      }
    }
    return celMap(out as never);
  }),
  celFunc(ENTRIES, [DYN], LIST, (target) => {
    if (isCelList(target)) return celList([...target].map((value, i) => celList([BigInt(i), value])));
    if (isCelMap(target)) return celList([...target].map(([key, value]) => celList([key, value])));
    throw new Error('no such overload');
  }),
  celFunc(PAIRS_TO_MAP, [LIST], DYN, (pairs) => {
    const out = new Map<CelValue, CelValue>();
    for (const pair of pairs as CelList) {
      const [key, value] = [...(pair as CelList)];
      out.set(mapKey(key!), value!);
    }
    return celMap(out as never);
  }),
  celFunc(MERGE_MAPS, [LIST], DYN, (maps) => {
    const out = new Map<CelValue, CelValue>();
    for (const map of maps as CelList) {
      if (!isCelMap(map)) throw new Error('transformMapEntry expression must return a map');
      for (const [key, value] of map) {
        if (out.has(mapKey(key))) throw new Error(`insert failed: key ${String(mapKey(key))} already exists`);
        out.set(mapKey(key), value);
      }
    }
    return celMap(out as never);
  }),
];

/** The MutatingAdmissionPolicy library: `jsonpatch.escapeKey` for a JSON Pointer segment (RFC 6901). */
export const JSON_PATCH_ESCAPE = 'jsonpatch.escapeKey';
export const jsonPatchFunctions: CelFunc[] = [
  celFunc(JSON_PATCH_ESCAPE, [STRING], STRING, (key) => key.replaceAll('~', '~0').replaceAll('/', '~1')),
];
