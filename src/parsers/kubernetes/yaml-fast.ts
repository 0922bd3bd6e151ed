import jsyaml from 'js-yaml';
import type { ScanError } from '../../core/finding.js';
import type { JsonPath } from '../../core/fix.js';
import type { Located, YamlDocument } from './yaml-document.js';
import { readBlockYaml } from './block-yaml.js';
import { FlatTree, KIND_MAPPING, KIND_OTHER, KIND_SCALAR, KIND_SEQUENCE, KIND_WRAPPER } from './flat-tree.js';

/**
 * The scanning hot path for what the block reader (block-yaml.ts) declines. js-yaml is an order of magnitude faster
 * than the `yaml` library's AST, and its listener reports where every node starts and ends; from those events we keep
 * a FlatTree that maps field paths back to lines and columns.
 */
interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

/** Returns undefined when the file needs the careful path: a syntax error, or aliases to expand. */
export function parseYamlFast(file: string, text: string): { documents: YamlDocument[]; errors: ScanError[] } | undefined {
  const loaded = readBlockYaml(text) ?? readWithJsYaml(text);
  return loaded && { documents: fastDocuments(file, text, loaded), errors: [] };
}

/** The documents of a text one of the fast readers read. */
export function fastDocuments(file: string, text: string, loaded: { values: unknown[]; tree: FlatTree }): YamlDocument[] {
  const lines = new LineIndex(text);
  return loaded.values.map((value, index) => fastDocument(file, index, text, value, loaded.tree, lines));
}

const MERGE_KEY = '<<';

function kindCode(kind: string | null): number {
  return kind === 'scalar' ? KIND_SCALAR : kind === 'mapping' ? KIND_MAPPING : kind === 'sequence' ? KIND_SEQUENCE : KIND_OTHER;
}

/** js-yaml with its listener: undefined for what it refuses, aliases, and shapes the tree could misplace. */
export function readWithJsYaml(text: string): { values: unknown[]; tree: FlatTree } | undefined {
  const tree = new FlatTree();
  const stack: number[] = [];
  let aliases = 0;
  let mismatched = false;
  // The value of the node closed last: a wrapper closes right after its only child.
  let lastResult: unknown;
  const values: unknown[] = [];
  try {
    jsyaml.loadAll(
      text,
      (value) => {
        values.push(value);
      },
      {
        schema: jsyaml.CORE_SCHEMA,
        listener(event: 'open' | 'close', state: ListenerState) {
          if (event === 'open') {
            stack.push(tree.allocate(state.position));
            return;
          }
          const index = stack.pop();
          if (index === undefined) return;
          const parent = stack.at(-1);
          // js-yaml probes for one more entry at the end of a block mapping: an empty, kindless node
          // that is no part of the document. (A real empty value that happens to look the same leaves
          // the mapping unbalanced, which sends the file to the careful path.)
          if (state.kind === null && state.position === tree.start[index] && parent !== undefined && tree.count === index + 1) {
            tree.count--;
            return;
          }
          // An alias closes without a kind but with the anchored value as its result.
          if (state.kind === null && state.result !== null && state.result !== undefined) aliases++;
          tree.end[index] = state.position;
          tree.size[index] = tree.count - index - 1;
          const kind = kindCode(state.kind);
          const onlyChild = index + 1;
          const wraps = tree.childCount[index] === 1 && tree.kind[onlyChild] === kind && kind !== KIND_SCALAR && lastResult === state.result;
          tree.kind[index] = wraps ? KIND_WRAPPER : kind;
          // Only mapping keys are matched by text (child()); a key is an even child, and the parent's kind is
          // not known before it closes, so even items of sequences keep theirs too. Values skip the copy.
          if (kind === KIND_SCALAR && parent !== undefined && tree.childCount[parent]! % 2 === 0) tree.label[index] = String(state.result);
          if (!wraps && !shapeMatches(kind, tree.childCount[index]!, state.result)) mismatched = true;
          // js-yaml's core schema keeps `<<` as a plain key; merging it is the careful path's job.
          if (kind === KIND_MAPPING && typeof state.result === 'object' && state.result !== null && Object.hasOwn(state.result, MERGE_KEY)) mismatched = true;
          lastResult = state.result;
          if (parent === undefined) tree.roots.push(index);
          else tree.childCount[parent]!++;
        },
      },
    );
  } catch {
    return undefined;
  }
  // js-yaml composes exactly one root node per document, empty ones included; anything else means
  // we misread the events, and the careful path is the safe answer.
  if (aliases > 0 || mismatched || tree.roots.length !== values.length) return undefined;
  tree.trim();
  return { values, tree };
}

/**
 * js-yaml emits no event for an empty sequence item (`- ` alone), and merged or complex keys do not
 * pair up one-to-one; any such shape would shift child indexes, so it sends the file to the careful path.
 */
function shapeMatches(kind: number, children: number, result: unknown): boolean {
  if (kind === KIND_SEQUENCE) return Array.isArray(result) && result.length === children;
  if (kind === KIND_MAPPING) return result !== null && typeof result === 'object' && Object.keys(result).length * 2 === children;
  return true;
}

function fastDocument(file: string, index: number, text: string, value: unknown, tree: FlatTree, lines: LineIndex): YamlDocument {
  const root = tree.roots[index]!;
  const span = value !== null && value !== undefined ? contentSpan(text, tree, root) : undefined;
  return {
    file,
    index,
    text,
    value,
    startLine: span ? lines.position(span[0]).line : 0,
    endLine: span ? lines.position(Math.max(span[0], span[1] - 1)).line : 0,
    locate: (path) => locateInTree(file, text, lines, tree, root, path),
    nodeEndLine: (line) => nodeEndLine(text, lines, tree, root, line),
  };
}

function locateInTree(file: string, text: string, lines: LineIndex, tree: FlatTree, root: number, path: JsonPath): Located {
  let node: number | undefined = tree.resolve(root);
  let keyNode: number | undefined;
  let exact = true;
  for (const segment of path) {
    const next: { key: number; value: number } | undefined = node === undefined ? undefined : child(tree, node, segment);
    if (!next) {
      exact = false;
      break;
    }
    node = next.value;
    keyNode = next.key;
  }
  const keySpan = keyNode !== undefined ? contentSpan(text, tree, keyNode) : undefined;
  const valueSpan = node !== undefined ? contentSpan(text, tree, node) : undefined;
  const isScalar = node !== undefined && tree.kind[node] !== KIND_MAPPING && tree.kind[node] !== KIND_SEQUENCE;
  let span: [number, number];
  if (keySpan && (!exact || !isScalar || keyNode === node)) span = keySpan;
  else if (keySpan && valueSpan) span = [keySpan[0], Math.max(keySpan[1], valueSpan[1])];
  else span = valueSpan ?? [0, 0];
  // A sequence item stands for itself: point at its first line rather than the whole item.
  if (keyNode !== undefined && keyNode === node && !isScalar) span = [span[0], lineEnd(text, span[0])];
  const from = lines.position(span[0]);
  const to = lines.position(Math.max(span[0], span[1]));
  return { location: { file, startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column }, exact };
}

function child(tree: FlatTree, node: number, segment: string | number): { key: number; value: number } | undefined {
  const kind = tree.kind[node];
  if (kind === KIND_MAPPING) {
    const label = String(segment);
    // Keys and values alternate: step over each value's subtree to the next key.
    let key = node + 1;
    for (let pair = 0; pair + 1 < tree.childCount[node]!; pair += 2) {
      const value = key + tree.size[key]! + 1;
      if (tree.label[key] === label) return { key, value: tree.resolve(value) };
      key = value + tree.size[value]! + 1;
    }
    return undefined;
  }
  if (kind === KIND_SEQUENCE && typeof segment === 'number') {
    const index = tree.nthChild(node, segment);
    if (index === undefined) return undefined;
    const item = tree.resolve(index);
    return { key: item, value: item };
  }
  return undefined;
}

function nodeEndLine(text: string, lines: LineIndex, tree: FlatTree, root: number, line: number): number | undefined {
  let best: number | undefined;
  const consider = (start: number, end: number) => {
    const startSpan = contentSpan(text, tree, start);
    if (lines.position(startSpan[0]).line !== line) return;
    const endSpan = contentSpan(text, tree, end);
    best = Math.max(best ?? line, lines.position(Math.max(startSpan[0], endSpan[1] - 1)).line);
  };
  for (let node = root; node <= root + tree.size[root]!; node++) {
    const kind = tree.kind[node];
    if (kind === KIND_MAPPING) {
      let key: number | undefined;
      for (const index of tree.children(node)) {
        if (key === undefined) key = index;
        else {
          consider(key, tree.resolve(index));
          key = undefined;
        }
      }
    } else if (kind === KIND_SEQUENCE) {
      for (const index of tree.children(node)) consider(tree.resolve(index), tree.resolve(index));
    }
  }
  return best;
}

/**
 * Event offsets include surrounding whitespace, comments and node properties; the user-facing span
 * is the content itself.
 */
function contentSpan(text: string, tree: FlatTree, node: number): [number, number] {
  const given = tree.start[node]!;
  let start = given;
  const limit = Math.max(start, tree.end[node]!);
  for (;;) {
    while (start < limit && /\s/.test(text[start]!)) start++;
    if (text[start] === '#') {
      while (start < limit && text[start] !== '\n') start++;
      continue;
    }
    if ((text[start] === '&' || text[start] === '!') && start < limit) {
      while (start < limit && !/\s/.test(text[start]!)) start++;
      continue;
    }
    break;
  }
  // An empty value (`key:` then blank lines) has no content: it sits where it began, not at the next line's text.
  if (start >= limit && given < limit) return [given, given];
  let end = limit;
  for (;;) {
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    // Trailing comment lines belong to no node.
    if (lineStart > start && text.slice(lineStart, end).trimStart().startsWith('#')) {
      end = lineStart;
      continue;
    }
    break;
  }
  return [start, Math.max(start, end)];
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** Offset to 1-based line and column, by binary search over line starts. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }
}
