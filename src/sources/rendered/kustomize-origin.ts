import type { JsonPath } from '../../core/fix.js';
import { locate, type Located } from '../../parsers/kubernetes/documents.js';
import type { EditTarget, KubernetesObject } from '../../parsers/kubernetes/objects.js';
import { asArray, asRecord, asString, getPath } from '../../parsers/kubernetes/values.js';
import {
  mergePatchTarget,
  type GeneratedResource,
  type KustomizationLevel,
  type KustomizationTree,
  type PatchSource,
  type PatchTarget,
  type SourceResource,
} from './kustomize-tree.js';
import { escapeRegExp } from './regexp.js';

/**
 * kubectl kustomize leaves no trace of where an object came from, so the origin is rebuilt: the source
 * document with the same kind and name (allowing for each level's namePrefix/nameSuffix), the patches
 * that target it, and the transformers (namespace, images) that rewrite fields.
 */
export function originLocator(tree: KustomizationTree, rendered: KubernetesObject): (path: JsonPath) => Located {
  const source = findSource(tree, rendered);
  if (source) {
    const patches = applicablePatches(source, rendered);
    return (path) => locateField(rendered, source, patches, [...rendered.basePath, ...path]);
  }
  const generated = findGenerated(tree, rendered);
  if (generated) {
    return (path) => ({ location: locate(generated.level.document, generated.entryPath).location, exact: path.length === 0 });
  }
  // A remote resource or an object from a generator plugin: the kustomization that pulled it in.
  return () => ({ location: locate(tree.root.document, ['resources']).location, exact: false });
}

/**
 * A rendered object whose source no patch touches can take fixes in its source file: its fields sit
 * at the same paths there. Patched objects are left to the user, since the patch may own the field.
 */
export function editableSource(tree: KustomizationTree, rendered: KubernetesObject): EditTarget | undefined {
  const source = findSource(tree, rendered);
  if (!source || applicablePatches(source, rendered).length > 0) return undefined;
  return source.object.editable;
}

function findSource(tree: KustomizationTree, rendered: KubernetesObject): SourceResource | undefined {
  const candidates = tree.resources.filter((s) => s.object.kind === rendered.kind && rendered.name !== undefined && s.names.includes(rendered.name));
  return (
    candidates.find((s) => s.names[s.names.length - 1] === rendered.name && s.object.namespace === rendered.namespace) ??
    candidates.find((s) => s.names[s.names.length - 1] === rendered.name) ??
    candidates[0]
  );
}

/** Generated names end in a content hash: `prod-settings-hf678c7m2b`. */
function findGenerated(tree: KustomizationTree, rendered: KubernetesObject): GeneratedResource | undefined {
  const name = rendered.name;
  if (!name) return undefined;
  return tree.generated.find(
    (g) => g.kind === rendered.kind && g.names.some((n) => n === name || new RegExp(`^${escapeRegExp(n)}-[a-z0-9]{10}$`).test(name)),
  );
}

/** Levels from the resource's own kustomization outwards to the root. */
function levelsOf(source: SourceResource): KustomizationLevel[] {
  const levels: KustomizationLevel[] = [];
  for (let level: KustomizationLevel | undefined = source.level; level; level = level.parent) levels.push(level);
  return levels;
}

/** Patches that may have changed the object, the last applied (outermost level) first. */
function applicablePatches(source: SourceResource, rendered: KubernetesObject): PatchSource[] {
  const ordered = new Set<PatchSource>();
  for (const level of levelsOf(source)) {
    for (const patch of [...level.patches, ...level.components.flatMap((c) => c.patches)]) ordered.add(patch);
  }
  const names = [...source.names, ...(rendered.name ? [rendered.name] : [])];
  return [...ordered].filter((patch) => targets(targetOf(patch), rendered, names)).reverse();
}

function targetOf(patch: PatchSource): PatchTarget | undefined {
  const value = patch.type === 'inline' ? patch.value : patch.document.value;
  return Array.isArray(value) ? patch.target : mergePatchTarget(value, patch.target);
}

function targets(target: PatchTarget | undefined, rendered: KubernetesObject, names: string[]): boolean {
  if (!target) return false;
  if (target.kind !== undefined && target.kind !== rendered.kind) return false;
  if (target.name !== undefined && !names.some((name) => nameMatches(target.name!, name))) return false;
  return target.labelSelector === undefined || labelsMatch(target.labelSelector, rendered);
}

/** Kustomize reads a target name as an anchored regular expression. */
function nameMatches(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(name);
  } catch {
    return false;
  }
}

/** Equality-based selectors (`a=b,c!=d,e`); set-based ones are not matched rather than guessed. */
function labelsMatch(selector: string, rendered: KubernetesObject): boolean {
  const labels = asRecord(asRecord(rendered.raw.metadata)?.labels) ?? {};
  return selector.split(',').every((term) => {
    const match = /^\s*([\w./-]+)\s*(?:(!=|==|=)\s*([\w./-]*))?\s*$/.exec(term);
    if (!match) return false;
    const [, key, operator, value] = match;
    const actual = asString(labels[key!]);
    if (!operator) return actual !== undefined;
    return operator === '!=' ? actual !== value : actual === value;
  });
}

function locateField(rendered: KubernetesObject, source: SourceResource, patches: PatchSource[], path: JsonPath): Located {
  const levels = levelsOf(source);
  const transformed = transformerLocation(levels, source, rendered, path);
  if (transformed) return transformed;

  for (const patch of patches) {
    const found = locateInPatch(patch, rendered, path);
    if (found) return found;
  }

  const sourcePath = translatePath(rendered.raw, source.object.raw, path);
  const located = source.object.locate(sourcePath);
  if (located.exact) return located;

  // Missing everywhere: the nearest existing ancestor, in a patch only when it reaches deeper than the source.
  let best = located;
  let bestDepth = existingDepth(source.object.raw, sourcePath);
  for (const patch of patches) {
    if (patch.type !== 'merge') continue;
    const patchPath = translatePath(rendered.raw, patch.document.value, path);
    const depth = existingDepth(patch.document.value, patchPath);
    if (depth > bestDepth) {
      best = locate(patch.document, patchPath);
      bestDepth = depth;
    }
  }
  return best;
}

/** Fields a kustomization rewrites itself: `namespace:` and `images:`. The outermost level applies last. */
function transformerLocation(levels: KustomizationLevel[], source: SourceResource, rendered: KubernetesObject, path: JsonPath): Located | undefined {
  const outermostFirst = [...levels].reverse();
  if (path.length === 2 && path[0] === 'metadata' && path[1] === 'namespace') {
    const level = outermostFirst.find((l) => typeof l.config.namespace === 'string');
    return level ? { location: locate(level.document, ['namespace']).location, exact: true } : undefined;
  }
  if (path[path.length - 1] !== 'image') return undefined;
  const original = asString(getPath(source.object.raw, translatePath(rendered.raw, source.object.raw, path)));
  if (!original) return undefined;
  const repository = imageRepository(original);
  for (const level of outermostFirst) {
    const index = asArray(level.config.images).findIndex((entry) => asString(asRecord(entry)?.name) === repository);
    if (index >= 0) return { location: locate(level.document, ['images', index]).location, exact: true };
  }
  return undefined;
}

/** `registry:5000/team/app:1.2@sha256:…` → `registry:5000/team/app`, the form `images[].name` uses. */
function imageRepository(image: string): string {
  const withoutDigest = image.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  return colon >= 0 ? withoutDigest.slice(0, colon) : withoutDigest;
}

function locateInPatch(patch: PatchSource, rendered: KubernetesObject, path: JsonPath): Located | undefined {
  const value = patch.type === 'inline' ? patch.value : patch.document.value;
  const opPath = Array.isArray(value) ? jsonPatchValuePath(value, path) : undefined;
  const mergePath = Array.isArray(value) ? undefined : translatePath(rendered.raw, value, path);
  const sets = opPath !== undefined || (mergePath !== undefined && mergeSets(value, mergePath));
  if (!sets) return undefined;
  if (patch.type === 'inline') return { location: locate(patch.level.document, patch.entryPath).location, exact: true };
  return locate(patch.document, opPath ?? mergePath!);
}

/**
 * A strategic merge patch only sets the scalars and scalar lists it spells out; the maps around them
 * and the keys that identify the object or a list item (`metadata.name`, a container's `name`) merely
 * address the change, so those stay with the source document.
 */
function mergeSets(patch: unknown, path: JsonPath): boolean {
  if (path.length === 0) return false;
  const last = path[path.length - 1];
  const identifies = last === 'name' && ((path.length === 2 && path[0] === 'metadata') || typeof path[path.length - 2] === 'number');
  if (identifies || (path.length === 1 && (last === 'kind' || last === 'apiVersion'))) {
    return false;
  }
  const value = getPath(patch, path);
  if (value === undefined || asRecord(value)) return false;
  return !Array.isArray(value) || value.every((item) => !asRecord(item));
}

/** Path inside a JSON 6902 patch document (`[i, 'value', …]`) of the operation that writes `path`. */
function jsonPatchValuePath(operations: unknown[], path: JsonPath): JsonPath | undefined {
  for (let i = operations.length - 1; i >= 0; i--) {
    const operation = asRecord(operations[i]);
    const pointer = asString(operation?.path);
    if (!operation || !pointer || !['add', 'replace'].includes(String(operation.op))) continue;
    const target = parsePointer(pointer);
    if (target.length > path.length || target.some((segment, k) => String(segment) !== String(path[k]))) continue;
    const rest = path.slice(target.length);
    if (getPath(operation.value, rest) !== undefined) return [i, 'value', ...rest];
  }
  return undefined;
}

function parsePointer(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Rewrites sequence indices from the rendered object to another document: strategic merge matches
 * list items by `name` (containers, volumes, env), so `containers[0]` in the output may be item 1 in
 * the source, or absent (-1) when a patch added it.
 */
function translatePath(rendered: unknown, other: unknown, path: JsonPath): JsonPath {
  const translated: (string | number)[] = [];
  let here = rendered;
  let there = other;
  for (const segment of path) {
    if (typeof segment === 'number' && Array.isArray(here)) {
      const name = asString(asRecord(here[segment])?.name);
      const index = name !== undefined && Array.isArray(there) ? there.findIndex((item) => asRecord(item)?.name === name) : segment;
      translated.push(index);
      here = here[segment];
      there = Array.isArray(there) ? there[index] : undefined;
    } else {
      translated.push(segment);
      here = getPath(here, [segment]);
      there = getPath(there, [segment]);
    }
  }
  return translated;
}

function existingDepth(value: unknown, path: JsonPath): number {
  let depth = 0;
  while (depth < path.length && getPath(value, path.slice(0, depth + 1)) !== undefined) depth++;
  return depth;
}
