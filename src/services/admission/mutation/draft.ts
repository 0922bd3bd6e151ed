import { toJsonPointer, type JsonPath } from '../../../core/fix.js';
import { asRecord, getPath } from '../../../parsers/kubernetes/values.js';
import { toJsonPatch, type JsonPatchOperation } from '../../../pipeline/json-patch.js';
import type { MutationConfig } from '../../../config/admission.js';

export type MutationName = keyof MutationConfig;

/** A configured mutation that could not be applied at one place of the object, because a field there has the wrong type. */
export interface MutationSkip {
  mutation: MutationName;
  /** RFC 6901 pointer of the field that stopped it. */
  path: string;
  reason: string;
}

/**
 * The working copy the mutations edit, and the patch that makes the same edits on the input. Each edit is planned by
 * `toJsonPatch`, the planner rules' fixes go through (a missing parent becomes one `add` of the nested value), against
 * the copy as the earlier edits left it, and the planned operation is then played on the copy, so later mutations
 * decide on what the object will be.
 */
export class Draft {
  readonly state: Record<string, unknown>;
  readonly patch: JsonPatchOperation[] = [];
  readonly skipped: MutationSkip[] = [];

  constructor(input: Record<string, unknown>) {
    this.state = structuredClone(input);
  }

  get(path: JsonPath): unknown {
    return getPath(this.state, path);
  }

  /** Adds or replaces the field; a parent that exists with the wrong type stops it, reported. */
  set(mutation: MutationName, path: JsonPath, value: unknown): void {
    // Cloned so the patch never shares objects with the caller's config.
    const [operation] = toJsonPatch(this.state, [{ op: 'add', path, value: structuredClone(value) }]);
    if (!operation) {
      this.skip(mutation, path, 'a parent of this field is not an object');
      return;
    }
    this.play(operation, path);
    this.patch.push(operation);
  }

  /** The planned operation targets `path` or, when parents were missing, the first missing one; its parent exists. */
  private play(operation: JsonPatchOperation, path: JsonPath): void {
    let depth = path.length;
    while (depth > 1 && toJsonPointer(path.slice(0, depth)) !== operation.path) depth--;
    const parent = getPath(this.state, path.slice(0, depth - 1)) as Record<string | number, unknown>;
    parent[path[depth - 1]!] = structuredClone(operation.value);
  }

  skip(mutation: MutationName, path: JsonPath, reason: string): void {
    this.skipped.push({ mutation, path: toJsonPointer(path), reason });
  }

  /**
   * The map at `path` (labels, nodeSelector, a securityContext) gets the entries it lacks; the user's keys are never
   * touched. A missing or null map (null is how JSON spells an unset field) is set whole.
   */
  fillMap(mutation: MutationName, path: JsonPath, defaults: Readonly<Record<string, unknown>>): void {
    const entries = Object.entries(defaults);
    if (entries.length === 0) return;
    const current = this.get(path);
    if (current === undefined || current === null) {
      this.set(mutation, path, Object.fromEntries(entries));
      return;
    }
    const map = asRecord(current);
    if (!map) {
      this.skip(mutation, path, `${describeValue(current)} where an object belongs`);
      return;
    }
    for (const [key, value] of entries) {
      if (!Object.hasOwn(map, key)) this.set(mutation, [...path, key], value);
    }
  }

  /** Appends to the list at `path`; a missing or null list is set whole. */
  append(mutation: MutationName, path: JsonPath, items: readonly unknown[]): void {
    if (items.length === 0) return;
    const current = this.get(path);
    if (current === undefined || current === null) {
      this.set(mutation, path, items);
      return;
    }
    if (!Array.isArray(current)) {
      this.skip(mutation, path, `${describeValue(current)} where a list belongs`);
      return;
    }
    // `current` is the draft's own list, which each add extends.
    for (const item of items) this.set(mutation, [...path, current.length], item);
  }
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
