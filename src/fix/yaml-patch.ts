import { isDeepStrictEqual } from 'node:util';
import { isAlias, isCollection, isMap, isNode, isScalar, isSeq, visit, type Node, type YAMLMap } from 'yaml';
import type { Fix, JsonPath, TextEdit } from '../core/fix.js';
import { parseYamlAst, type AstYamlDocument, type ParsedYamlAst } from '../parsers/kubernetes/yaml-ast.js';
import { formatPath, getPath } from '../parsers/kubernetes/values.js';
import { editsOverlap, spliceEdits, type FixResult, type SkippedFix } from './edits.js';
import {
  blockLines,
  columnOf,
  detectBlockStyle,
  isPlainObject,
  mapLines,
  needsBlock,
  renderFlowEntries,
  renderInline,
  type BlockStyle,
} from './yaml-render.js';

/** A rule's object patch, addressed to the object at `basePath` inside document `documentIndex` of the file. */
export interface ObjectPatch {
  documentIndex: number;
  basePath: JsonPath;
  fix: Fix;
}

/**
 * Applies Kubernetes object patches to YAML source as minimal text edits, so comments, key order,
 * quoting and indentation survive everywhere the patch does not reach. A fix goes in whole or not at
 * all; a fix that cannot be placed (file changed, layout we cannot edit safely, conflict with an
 * earlier fix) is reported in `skipped` instead of throwing.
 */
export function applyObjectPatches(text: string, patches: readonly ObjectPatch[]): FixResult {
  const together = attempt(text, patches);
  if (together.verified || together.planned <= 1) return together.result;
  // One fix broke the batch; applying them one at a time lets every other fix still land.
  let output = text;
  let applied = 0;
  const skipped: SkippedFix[] = [];
  for (const patch of patches) {
    const single = attempt(output, [patch]).result;
    output = single.output;
    applied += single.applied;
    skipped.push(...single.skipped);
  }
  return { output, applied, skipped };
}

interface Attempt {
  result: FixResult;
  /** False when the edits did not re-parse to the patched objects; the text is then left unchanged. */
  verified: boolean;
  /** Fixes that would have changed the text. */
  planned: number;
}

/** A change to one existing node: new entries for a map (or a null value), or a new value. */
interface Target {
  node: Node;
  /** The node's key when it is a map value; undefined for sequence items. */
  key: Node | undefined;
  inFlow: boolean;
  change: { kind: 'extend'; entries: Record<string, unknown> } | { kind: 'replace'; value: unknown };
}

interface DocumentPlan {
  document: AstYamlDocument;
  /** Absolute paths inside the document, for conflict checks and verification. */
  ops: Array<{ path: JsonPath; value: unknown }>;
  targets: Map<Node, Target>;
}

interface Located {
  node: Node;
  key: Node | undefined;
  inFlow: boolean;
  /** Map keys to create below `node`. */
  missing: string[];
}

function attempt(text: string, patches: readonly ObjectPatch[]): Attempt {
  const parsed = parseYamlAst('', text);
  const plans = new Map<number, DocumentPlan>();
  const skipped: SkippedFix[] = [];
  const planned: ObjectPatch[] = [];
  for (const patch of patches) {
    let outcome: string | boolean;
    try {
      outcome = planPatch(patch, parsed, plans);
    } catch (error) {
      outcome = `internal error: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (typeof outcome === 'string') skipped.push({ description: patch.fix.description, reason: outcome });
    else if (outcome) planned.push(patch);
  }
  if (planned.length === 0) return { result: { output: text, applied: 0, skipped }, verified: true, planned: 0 };
  let failure: string;
  try {
    const style = detectBlockStyle(text, parsed.documents.map((d) => d.doc.contents));
    const edits = mergeEdits([...plans.values()].flatMap((plan) => [...plan.targets.values()].map((t) => renderTarget(t, text, style))));
    const output = spliceEdits(text, edits);
    if (matchesPlan(output, parsed, plans)) return { result: { output, applied: planned.length, skipped }, verified: true, planned: planned.length };
    failure = 'the edited YAML would not read back as the patched object; apply this fix by hand';
  } catch (error) {
    failure = `internal error: ${error instanceof Error ? error.message : String(error)}`;
  }
  for (const patch of planned) skipped.push({ description: patch.fix.description, reason: failure });
  return { result: { output: text, applied: 0, skipped }, verified: false, planned: planned.length };
}

/** Adds the patch to the plan; returns whether it changes anything, or why it was skipped. */
function planPatch(patch: ObjectPatch, parsed: ParsedYamlAst, plans: Map<number, DocumentPlan>): string | boolean {
  const { fix } = patch;
  if (fix.kind !== 'object-patch') return 'not an object patch';
  const document = parsed.documents.find((d) => d.index === patch.documentIndex);
  if (!document) {
    const error = parsed.errors[0];
    if (error) return `the file no longer parses as YAML${error.line ? ` (line ${error.line})` : ''}: ${error.message}`;
    return `document ${patch.documentIndex + 1} no longer exists in the file`;
  }
  const plan = plans.get(patch.documentIndex) ?? { document, ops: [], targets: new Map<Node, Target>() };
  const resolved: Array<{ path: JsonPath; value: unknown; located: Located }> = [];
  for (const op of fix.ops) {
    const path = [...patch.basePath, ...op.path];
    if (op.path.length === 0) return 'the fix would replace the whole object';
    if (op.value === undefined) return `the fix has no value for ${formatPath(op.path)}`;
    const current = getPath(document.value, path);
    // Checking first makes fixing twice a no-op.
    if (current !== undefined && isDeepStrictEqual(current, op.value)) continue;
    const located = locateForEdit(document, path);
    if (typeof located === 'string') return located;
    if (located.missing.length > 0 && op.op === 'replace') {
      // Present in the value but not in the text: it was merged in with `<<`, and the fix belongs where it is defined.
      if (current !== undefined) return `${formatPath(path)} comes from a YAML merge key (<<); fix it where the merged mapping is defined`;
      return `${formatPath(path)} no longer exists; the file changed since the scan`;
    }
    const clash = findClash(path, op.value, [...plan.ops, ...resolved]);
    if (clash === 'duplicate') continue;
    if (clash) return clash;
    resolved.push({ path, value: structuredClone(op.value), located });
  }
  if (resolved.length === 0) return false;
  for (const { path, value, located } of resolved) {
    plan.ops.push({ path, value });
    addTarget(plan, located, value);
  }
  plans.set(patch.documentIndex, plan);
  return true;
}

function locateForEdit(document: AstYamlDocument, path: JsonPath): Located | string {
  let node: unknown = document.doc.contents;
  let key: Node | undefined;
  let inFlow = false;
  const aliased = aliasedAnchors(document);
  for (let i = 0; i <= path.length; i++) {
    const here = formatPath(path.slice(0, i)) || 'the document root';
    if (isAlias(node)) return `${here} is a YAML alias; edit the anchored node by hand`;
    // Editing an anchored node would also change every alias of it, not just this object.
    const anchor = isNode(node) ? node.anchor : undefined;
    if (anchor && aliased.has(anchor)) return `${here} is anchored as &${anchor} and reused by an alias; edit it by hand`;
    if (i === path.length) break;
    const segment = path[i]!;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return missingBelow(node, key, inFlow, path, i);
      if (!isNode(pair.value)) return `${formatPath(path.slice(0, i + 1))} has no value node to edit`;
      inFlow ||= Boolean(node.flow);
      key = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && isNode(node.items[segment])) {
      inFlow ||= Boolean(node.flow);
      key = undefined;
      node = node.items[segment];
    } else if (isScalar(node) && node.value === null && typeof segment === 'string') {
      return missingBelow(node, key, inFlow, path, i);
    } else if (isSeq(node) && typeof segment === 'number') {
      return `${formatPath(path.slice(0, i + 1))} no longer exists; the file changed since the scan`;
    } else {
      const found = isSeq(node) ? 'a list' : isMap(node) ? 'a map' : 'a scalar';
      return `${here} is ${found}, not a ${typeof segment === 'number' ? 'list' : 'map'}; the file changed since the scan`;
    }
  }
  return { node: node as Node, key, inFlow, missing: [] };
}

function aliasedAnchors(document: AstYamlDocument): Set<string> {
  const anchors = new Set<string>();
  visit(document.doc, {
    Alias(_, alias) {
      anchors.add(alias.source);
    },
  });
  return anchors;
}

function missingBelow(node: Node, key: Node | undefined, inFlow: boolean, path: JsonPath, from: number): Located | string {
  const missing: string[] = [];
  for (const [offset, segment] of path.slice(from).entries()) {
    // Map keys can be created; a list index that is gone means the object is not what the rule saw.
    if (typeof segment !== 'string') return `${formatPath(path.slice(0, from + offset + 1))} no longer exists; the file changed since the scan`;
    missing.push(segment);
  }
  return { node, key, inFlow, missing };
}

/** `'duplicate'` when another fix already sets the same value; a reason when the two would fight. */
function findClash(path: JsonPath, value: unknown, others: ReadonlyArray<{ path: JsonPath; value: unknown }>): string | undefined {
  for (const other of others) {
    const shared = Math.min(path.length, other.path.length);
    if (!path.slice(0, shared).every((segment, i) => String(segment) === String(other.path[i]))) continue;
    if (path.length !== other.path.length) return `another fix also changes ${formatPath(path.slice(0, shared))}`;
    if (isDeepStrictEqual(value, other.value)) return 'duplicate';
    return `another fix sets ${formatPath(path)} to a different value`;
  }
  return undefined;
}

function addTarget(plan: DocumentPlan, located: Located, value: unknown): void {
  const { node, key, inFlow, missing } = located;
  if (missing.length === 0) {
    plan.targets.set(node, { node, key, inFlow, change: { kind: 'replace', value } });
    return;
  }
  const target = plan.targets.get(node) ?? { node, key, inFlow, change: { kind: 'extend', entries: {} } };
  plan.targets.set(node, target);
  // findClash ruled out a replace of this node, so the change is an extension.
  if (target.change.kind === 'extend') setPath(target.change.entries, missing, value);
}

/** Sets a value in plain data, creating the maps on the way; the plan and the verification share it. */
function setPath(root: unknown, path: JsonPath, value: unknown): void {
  let current = root as Record<string | number, unknown>;
  path.forEach((segment, i) => {
    if (i === path.length - 1) {
      current[segment] = value;
      return;
    }
    if (!isPlainObject(current[segment]) && !Array.isArray(current[segment])) current[segment] = {};
    current = current[segment] as Record<string | number, unknown>;
  });
}

/** An edit plus how deeply its target is nested, to order lines inserted at the same offset. */
interface PlacedEdit extends TextEdit {
  nesting: number;
}

function renderTarget(target: Target, text: string, style: BlockStyle): PlacedEdit {
  const { node, change } = target;
  if (change.kind === 'extend' && isMap(node)) {
    return node.flow ? extendFlowMap(node, change.entries) : extendBlockMap(node, change.entries, text, style);
  }
  // A null value (`securityContext:`) becomes the map of new entries.
  return replaceNode(target, change.kind === 'extend' ? change.entries : change.value, text, style);
}

function extendBlockMap(map: YAMLMap, entries: Record<string, unknown>, text: string, style: BlockStyle): PlacedEdit {
  const column = columnOf(text, rangeOf(map)[0]);
  const lines = mapLines(entries, column, style);
  const last = map.items.at(-1);
  if (!last) throw new Error('block map without entries');
  const end = Math.max(endOf(last.key), endOf(last.value));
  // The last value may end with its own line break (nested blocks, block scalars): insert whole lines there.
  if (text[end - 1] === '\n') return { range: [end, end], text: lines.map((l) => l + style.newline).join(''), nesting: column };
  const at = lineEnd(text, end);
  return { range: [at, at], text: lines.map((l) => style.newline + l).join(''), nesting: column };
}

function extendFlowMap(map: YAMLMap, entries: Record<string, unknown>): PlacedEdit {
  const fresh = renderFlowEntries(entries);
  const last = map.items.at(-1);
  if (!last) {
    const open = rangeOf(map)[0] + 1;
    return { range: [open, open], text: fresh, nesting: 0 };
  }
  const end = Math.max(endOf(last.key), endOf(last.value));
  return { range: [end, end], text: `, ${fresh}`, nesting: 0 };
}

function replaceNode(target: Target, value: unknown, text: string, style: BlockStyle): PlacedEdit {
  const { node, key, inFlow } = target;
  const [start, valueEnd] = rangeOf(node);
  const nesting = key ? columnOf(text, rangeOf(key)[0]) + 1 : columnOf(text, start);
  const edit = (from: number, to: number, replacement: string): PlacedEdit => ({ range: [from, to], text: replacement, nesting });
  const scalarType = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') ? node.type : undefined;
  if (inFlow) return edit(start, valueEnd, renderInline(value, { inFlow: true, ...(scalarType ? { scalarType } : {}) }));
  const blockCollection = isCollection(node) && !node.flow;
  const end = blockCollection ? trimLineBreak(text, valueEnd) : valueEnd;
  if (!needsBlock(value)) {
    const inline = renderInline(value, scalarType ? { scalarType } : {});
    if (blockCollection) return key ? edit(rangeOf(key)[1], end, `: ${inline}`) : edit(start, end, inline);
    if (start === valueEnd) {
      // An empty value (`key:` or `key: # note`) has no text of its own to replace.
      const before = /[ \t]/.test(text[start - 1] ?? '') ? '' : ' ';
      return edit(start, start, before + inline + (text[start] === '#' ? ' ' : ''));
    }
    return edit(start, valueEnd, inline);
  }
  const sameShape = (isMap(node) && isPlainObject(value)) || (isSeq(node) && Array.isArray(value));
  if (blockCollection && sameShape) {
    const column = columnOf(text, start);
    const lines = blockLines(value, column, style);
    return edit(start, end, [lines[0]!.slice(column), ...lines.slice(1)].join(style.newline));
  }
  // A flow collection stays flow; without a key there is no line to hang a block from.
  if (!key || (isCollection(node) && node.flow)) return edit(start, end, renderInline(value));
  const keyColumn = columnOf(text, rangeOf(key)[0]);
  const lines = blockLines(value, keyColumn + (Array.isArray(value) ? style.seqIndent : style.mapIndent), style);
  const block = lines.map((l) => style.newline + l).join('');
  if (isScalar(node) && node.value === null) {
    // Keep a comment after `key:` on the key's line, and drop a `~`/`null` the new block replaces.
    let from = start;
    while (from > rangeOf(key)[1] && /[ \t]/.test(text[from - 1]!)) from--;
    const eol = lineEnd(text, valueEnd);
    const rest = text.slice(valueEnd, eol);
    return edit(from, eol, (rest.startsWith('#') ? ' ' : '') + rest + block);
  }
  return edit(rangeOf(key)[1], end, `:${block}`);
}

/**
 * Inserts at one offset happen when a map and the map nested last inside it both grow at the end of
 * the file: the deeper lines go first. Any other overlap means the plan is wrong, so nothing is written.
 */
function mergeEdits(edits: PlacedEdit[]): TextEdit[] {
  const merged: PlacedEdit[] = [];
  const ordered = [...edits].sort((a, b) => a.range[0] - b.range[0] || b.nesting - a.nesting);
  for (const edit of ordered) {
    const previous = merged.at(-1);
    if (previous && previous.range[0] === previous.range[1] && edit.range[0] === edit.range[1] && previous.range[0] === edit.range[0]) {
      previous.text += edit.text;
      continue;
    }
    if (merged.some((other) => editsOverlap(other, edit))) throw new Error(`overlapping edits at offset ${edit.range[0]}`);
    merged.push({ ...edit });
  }
  return merged.map(({ range, text }) => ({ range, text }));
}

/** The edit is kept only if every document reads back exactly as the original with the ops applied. */
function matchesPlan(output: string, before: ParsedYamlAst, plans: Map<number, DocumentPlan>): boolean {
  const after = parseYamlAst('', output);
  if (after.errors.length !== before.errors.length || after.documents.length !== before.documents.length) return false;
  // The yaml package recovers from some mistakes (a tag left on the wrong node) with a warning; stricter readers do not.
  if (warningCount(after) > warningCount(before)) return false;
  return before.documents.every((document, i) => {
    const reread = after.documents[i];
    if (reread?.index !== document.index) return false;
    const plan = plans.get(document.index);
    if (!plan) return isDeepStrictEqual(reread.value, document.value);
    const expected = structuredClone(document.value);
    for (const op of plan.ops) setPath(expected, op.path, op.value);
    return isDeepStrictEqual(reread.value, expected);
  });
}

function warningCount(file: ParsedYamlAst): number {
  return file.documents.reduce((sum, document) => sum + document.doc.warnings.length, 0);
}

function rangeOf(node: unknown): [number, number] {
  const range = (node as { range?: [number, number, number] | null } | null)?.range;
  if (!range) throw new Error('YAML node without a source range');
  return [range[0], range[1]];
}

function endOf(node: unknown): number {
  return isNode(node) && node.range ? node.range[1] : -1;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

function trimLineBreak(text: string, end: number): number {
  let trimmed = end;
  if (text[trimmed - 1] === '\n') trimmed--;
  if (text[trimmed - 1] === '\r') trimmed--;
  return trimmed;
}
