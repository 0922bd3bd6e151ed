import type { Fix, JsonPath } from '../../../core/fix.js';
import type { KubernetesObject } from '../../../parsers/kubernetes/objects.js';
import { getPath } from '../../../parsers/kubernetes/values.js';

/**
 * A fix that sets one field, creating missing parent maps. Paths are relative to the object (the
 * applier adds the List prefix when it edits the file), so the same patch serves the admission webhook.
 */
export function setField(object: KubernetesObject, path: JsonPath, value: unknown, description: string): Fix {
  return { kind: 'object-patch', description, ops: [{ op: getPath(object.raw, path) === undefined ? 'add' : 'replace', path, value }] };
}

/** Several fields in one fix, applied together or not at all. */
export function setFields(object: KubernetesObject, fields: Array<[JsonPath, unknown]>, description: string): Fix {
  return {
    kind: 'object-patch',
    description,
    ops: fields.map(([path, value]) => ({ op: getPath(object.raw, path) === undefined ? 'add' : 'replace', path, value })),
  };
}
