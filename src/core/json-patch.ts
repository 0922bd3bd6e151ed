/**
 * RFC 6902 JSON Patch, applied as the API server applies it: to MutatingAdmissionPolicies' `JSONPatch` mutations and
 * to the webhook's own patches, so the next step sees what the server will store. Values are plain JSON; the input is
 * never changed. Paths are RFC 6901 pointers; only own properties are walked and `__proto__` is never a key, so no
 * pointer reaches or writes a prototype. (No JSON Patch library is among the dependencies.)
 */

export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

export class JsonPatchError extends Error {}
/** A `test` operation that does not hold: Kubernetes then leaves the object as it was, without an error. */
export class JsonPatchTestFailed extends JsonPatchError {}

type Json = unknown;
type Container = Record<string, Json> | Json[];

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}: it must start with /`);
  return pointer.slice(1).split('/').map((segment) => {
    if (/~[^01]|~$/.test(segment)) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}: bad escape`);
    return segment.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

export function isJsonRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An array index per RFC 6901: digits without a leading zero; `-` (past the end) only where `add` allows it. */
function arrayIndex(segment: string, length: number, pointer: string, allowEnd: boolean): number {
  if (allowEnd && segment === '-') return length;
  if (!/^(0|[1-9]\d*)$/.test(segment)) throw new JsonPatchError(`${pointer}: ${JSON.stringify(segment)} is not an array index`);
  const index = Number(segment);
  if (index > length || (!allowEnd && index === length)) throw new JsonPatchError(`${pointer}: index ${index} is out of bounds`);
  return index;
}

function child(container: Json, segment: string, pointer: string): Json {
  if (Array.isArray(container)) return container[arrayIndex(segment, container.length, pointer, false)];
  if (isJsonRecord(container) && Object.hasOwn(container, segment)) return container[segment];
  throw new JsonPatchError(`${pointer}: path not found`);
}

function get(document: Json, pointer: string): Json {
  let node = document;
  for (const segment of parsePointer(pointer)) node = child(node, segment, pointer);
  return node;
}

/** The parent of the pointer's target and the last segment; the whole document has no parent. */
function parentOf(document: Json, pointer: string): { parent: Container; key: string } | undefined {
  const segments = parsePointer(pointer);
  const key = segments.pop();
  if (key === undefined) return undefined;
  let node = document;
  for (const segment of segments) node = child(node, segment, pointer);
  if (!Array.isArray(node) && !isJsonRecord(node)) throw new JsonPatchError(`${pointer}: the parent is not an object or array`);
  return { parent: node, key };
}

function add(document: Json, pointer: string, value: Json): Json {
  const target = parentOf(document, pointer);
  if (!target) return value;
  const { parent, key } = target;
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, pointer, true), 0, value);
  else if (key === '__proto__') throw new JsonPatchError(`${pointer}: "__proto__" is not a valid key`);
  else parent[key] = value;
  return document;
}

function remove(document: Json, pointer: string): Json {
  const target = parentOf(document, pointer);
  if (!target) throw new JsonPatchError('cannot remove the whole document');
  const { parent, key } = target;
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, pointer, false), 1);
  else if (Object.hasOwn(parent, key)) delete parent[key];
  else throw new JsonPatchError(`${pointer}: path not found`);
  return document;
}

function replace(document: Json, pointer: string, value: Json): Json {
  const target = parentOf(document, pointer);
  if (!target) return value;
  const { parent, key } = target;
  if (Array.isArray(parent)) parent[arrayIndex(key, parent.length, pointer, false)] = value;
  else if (key === '__proto__') throw new JsonPatchError(`${pointer}: "__proto__" is not a valid key`);
  else if (Object.hasOwn(parent, key)) parent[key] = value;
  else throw new JsonPatchError(`${pointer}: path not found`);
  return document;
}

/** A path that does not exist fails the test like a different value does. */
function testHolds(document: Json, pointer: string, value: Json): boolean {
  try {
    return jsonEqual(get(document, pointer), value);
  } catch (error) {
    if (error instanceof JsonPatchError && /path not found|out of bounds/.test(error.message)) return false;
    throw error;
  }
}

/** Equality of JSON values: same type, same items in order, same keys (own ones) with equal values. */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isJsonRecord(a) && isJsonRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** Applies the operations in order to a copy of `document`; the first that does not apply throws JsonPatchError. */
export function applyJsonPatch(document: Json, operations: readonly JsonPatchOperation[]): Json {
  let result = structuredClone(document);
  for (const operation of operations) {
    const { op, path } = operation;
    if (typeof path !== 'string') throw new JsonPatchError(`${op} operation has no path`);
    const needsValue = op === 'add' || op === 'replace' || op === 'test';
    if (needsValue && !('value' in operation)) throw new JsonPatchError(`${op} operation at ${path} has no value`);
    const needsFrom = op === 'move' || op === 'copy';
    if (needsFrom && typeof operation.from !== 'string') throw new JsonPatchError(`${op} operation at ${path} has no from`);
    switch (op) {
      case 'add':
        result = add(result, path, structuredClone(operation.value));
        break;
      case 'remove':
        result = remove(result, path);
        break;
      case 'replace':
        result = replace(result, path, structuredClone(operation.value));
        break;
      case 'move': {
        const from = operation.from!;
        if (path !== from && path.startsWith(`${from}/`)) throw new JsonPatchError(`${path}: cannot move a value into itself`);
        const value = get(result, from);
        result = add(remove(result, from), path, value);
        break;
      }
      case 'copy':
        result = add(result, path, structuredClone(get(result, operation.from!)));
        break;
      case 'test':
        if (!testHolds(result, path, operation.value)) throw new JsonPatchTestFailed(`test operation at ${path} failed`);
        break;
      default:
        throw new JsonPatchError(`unsupported operation ${JSON.stringify(op)}`);
    }
  }
  return result;
}
