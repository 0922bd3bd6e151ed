/**
 * Fixes are data: rules return them, one applier (src/fix/) applies them. Kubernetes fixes are JSON Patch
 * operations on the object (so the admission webhook can send them as mutations); Dockerfile fixes
 * are text edits on the source.
 */
export type JsonPath = ReadonlyArray<string | number>;

export interface ObjectPatchOp {
  op: 'add' | 'replace';
  path: JsonPath;
  value: unknown;
}

export interface TextEdit {
  /** Byte offsets into the UTF-16 source string, end exclusive. */
  range: [number, number];
  text: string;
}

export type Fix =
  | { kind: 'object-patch'; description: string; ops: ObjectPatchOp[] }
  | { kind: 'text-edit'; description: string; edits: TextEdit[] };

/** RFC 6901 pointer, for consumers that speak JSON Patch. */
export function toJsonPointer(path: JsonPath): string {
  return '/' + path.map((s) => String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}
