import { toJsonPointer, type JsonPath, type ObjectPatchOp } from '../core/fix.js';

/** One RFC 6902 operation, as an admission response's base64 `patch` carries them. */
export interface JsonPatchOperation {
  op: 'add' | 'replace';
  path: string;
  value: unknown;
}

/**
 * Rules' fixes address the field they set; a JSON Patch `add` fails when the field's parent is missing. Each
 * operation is played on a copy of the object, and a missing parent becomes one `add` of the nested value at
 * the first missing ancestor. An operation that conflicts with an earlier one (a scalar where it needs an
 * object, an index past a list's end) is left out: a mutation must never make the request fail.
 */
export function toJsonPatch(object: Record<string, unknown>, ops: readonly ObjectPatchOp[]): JsonPatchOperation[] {
  const patch: JsonPatchOperation[] = [];
  if (ops.length === 0) return patch;
  // The copy is made along the paths the operations walk, not of the whole object: the webhook calls this per request.
  // Values are stored uncopied: a later operation that goes into one copies it first, like any node of the input.
  const copies = new Set<object>();
  const state = { ...object };
  copies.add(state);
  for (const op of ops) {
    if (op.path.length === 0) continue;
    const planned = plan(state, op.path, op.value, copies);
    if (planned) patch.push(planned);
  }
  return patch;
}

function plan(state: Record<string, unknown>, path: JsonPath, value: unknown, copies: Set<object>): JsonPatchOperation | undefined {
  let node: unknown = state;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth]!;
    const last = depth === path.length - 1;
    if (Array.isArray(node)) {
      if (typeof segment !== 'number' || segment < 0 || segment > node.length) return undefined;
      if (segment === node.length) {
        if (path.slice(depth + 1).some((s) => typeof s === 'number' && s !== 0)) return undefined;
        const added = nest(path.slice(depth + 1), value);
        node.push(added);
        return { op: 'add', path: toJsonPointer(path.slice(0, depth + 1)), value: added };
      }
      if (last) {
        node[segment] = value;
        return { op: 'replace', path: toJsonPointer(path), value };
      }
      node = ownChild(node, segment, copies);
      continue;
    }
    if (!isObject(node) || typeof segment !== 'string') return undefined;
    if (!Object.hasOwn(node, segment)) {
      if (path.slice(depth + 1).some((s) => typeof s === 'number' && s !== 0)) return undefined;
      const added = nest(path.slice(depth + 1), value);
      node[segment] = added;
      return { op: 'add', path: toJsonPointer(path.slice(0, depth + 1)), value: added };
    }
    if (last) {
      node[segment] = value;
      return { op: 'replace', path: toJsonPointer(path), value };
    }
    node = ownChild(node, segment, copies);
  }
  return undefined;
}

/** The child of a copied node, itself replaced by a shallow copy the first time an operation goes through it. */
function ownChild(node: Record<string, unknown> | unknown[], key: string | number, copies: Set<object>): unknown {
  const child = (node as Record<string | number, unknown>)[key];
  if (typeof child !== 'object' || child === null || copies.has(child)) return child;
  const copy = Array.isArray(child) ? [...(child as unknown[])] : { ...(child as Record<string, unknown>) };
  copies.add(copy);
  (node as Record<string | number, unknown>)[key] = copy;
  return copy;
}

/** The value wrapped in the objects a missing path needs; a numeric segment (a missing list) cannot be made up. */
function nest(rest: JsonPath, value: unknown): unknown {
  let nested = value;
  for (let i = rest.length - 1; i >= 0; i--) {
    const segment = rest[i]!;
    nested = typeof segment === 'number' ? [nested] : { [segment]: nested };
  }
  return nested;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
