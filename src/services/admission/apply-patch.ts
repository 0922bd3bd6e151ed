import { asRecord } from '../../parsers/kubernetes/values.js';

/** The RFC 6902 operations the admission patches are made of. */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/**
 * Plays RFC 6902 `add`, `replace` and `remove` operations on a copy of the object, as the API server will, so the
 * next mutation step (and validation of the mutated object) sees what the server will store. An operation that does
 * not apply throws: a patch that the server would reject must never be sent.
 */
export function applyPatch(object: Record<string, unknown>, ops: readonly PatchOperation[]): Record<string, unknown> {
  const result = structuredClone(object);
  for (const op of ops) {
    const segments = parsePointer(op.path);
    const last = segments.pop();
    if (last === undefined) throw new Error(`cannot ${op.op} the whole object`);
    let parent: unknown = result;
    for (const segment of segments) {
      const record = Array.isArray(parent) ? undefined : asRecord(parent);
      // Own keys only, so no path can walk into a prototype (`/__proto__/x`) and write there.
      parent = Array.isArray(parent) ? parent[index(segment, parent.length - 1, op.path)] : record && Object.hasOwn(record, segment) ? record[segment] : undefined;
      if (parent === undefined) throw new Error(`${op.path}: a parent does not exist`);
    }
    if (Array.isArray(parent)) {
      if (op.op === 'add') parent.splice(last === '-' ? parent.length : index(last, parent.length, op.path), 0, structuredClone(op.value));
      else if (op.op === 'replace') parent[index(last, parent.length - 1, op.path)] = structuredClone(op.value);
      else parent.splice(index(last, parent.length - 1, op.path), 1);
      continue;
    }
    const record = asRecord(parent);
    if (!record) throw new Error(`${op.path}: the parent is not an object or list`);
    // Own keys only: a label named `constructor` is not there just because every object inherits one.
    if (op.op !== 'add' && !Object.hasOwn(record, last)) throw new Error(`${op.path}: nothing to ${op.op}`);
    if (last === '__proto__') throw new Error(`${op.path}: "__proto__" is not a Kubernetes field`);
    if (op.op === 'remove') delete record[last];
    else record[last] = structuredClone(op.value);
  }
  return result;
}

function parsePointer(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw new Error(`${JSON.stringify(pointer)} is not a JSON pointer`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function index(segment: string, max: number, path: string): number {
  const value = /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : NaN;
  if (!(value >= 0 && value <= max)) throw new Error(`${path}: index ${segment} is out of range`);
  return value;
}
