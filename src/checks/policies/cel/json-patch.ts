import { isJsonRecord as isRecord, jsonEqual, JsonPatchError } from '../../../core/json-patch.js';
import type { ObjectChange } from '../types.js';

type Json = unknown;

/**
 * The changes that turn `before` into `after`: maps field by field, a list grown at its end by `add`s, any other
 * changed list replaced whole (a list's elements have no stable identity a patch could name).
 */
export function diffJson(before: Json, after: Json, path: Array<string | number> = []): ObjectChange[] {
  if (jsonEqual(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const changes: ObjectChange[] = [];
    for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) changes.push({ op: 'remove', path: [...path, key] });
    for (const [key, value] of Object.entries(after)) {
      if (!Object.hasOwn(before, key)) changes.push({ op: 'add', path: [...path, key], value: structuredClone(value) });
      else changes.push(...diffJson(before[key], value, [...path, key]));
    }
    return changes;
  }
  if (Array.isArray(before) && Array.isArray(after) && after.length >= before.length && before.every((item, i) => jsonEqual(item, after[i]))) {
    return after.slice(before.length).map((item, i) => ({ op: 'add', path: [...path, before.length + i], value: structuredClone(item) }));
  }
  if (path.length === 0) throw new JsonPatchError('the object was replaced by something that is not an object');
  return [{ op: 'replace', path, value: structuredClone(after) }];
}
