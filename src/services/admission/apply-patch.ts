import { applyJsonPatch, JsonPatchError } from '../../core/json-patch.js';

/** The RFC 6902 operations the admission patches are made of. */
export interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string;
  value?: unknown;
}

/**
 * Plays the webhook's patch on a copy of the object, as the API server will, so the next mutation step (and
 * validation of the mutated object) sees what the server will store. An operation that does not apply throws: a patch
 * that the server would reject must never be sent. The webhook only ever patches fields, never the whole object.
 */
export function applyPatch(object: Record<string, unknown>, ops: readonly PatchOperation[]): Record<string, unknown> {
  for (const op of ops) if (op.path === '') throw new JsonPatchError(`cannot ${op.op} the whole object`);
  return applyJsonPatch(object, ops) as Record<string, unknown>;
}
