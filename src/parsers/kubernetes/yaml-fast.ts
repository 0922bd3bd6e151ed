import jsyaml from 'js-yaml';
import type { ScanError } from '../../core/finding.js';
import type { JsonPath } from '../../core/fix.js';
import type { Located, YamlDocument } from './documents.js';

/**
 * The scanning hot path. js-yaml is an order of magnitude faster than the `yaml` library's AST, and
 * its listener reports where every node starts and ends; from those events we rebuild just enough of
 * a tree to map field paths back to lines and columns.
 */
interface EventNode {
  start: number;
  end: number;
  kind: string | null;
  result: unknown;
  children: EventNode[];
}

interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

/** Returns undefined when the file needs the careful path: a syntax error, or aliases to expand. */
export function parseYamlFast(file: string, text: string): { documents: YamlDocument[]; errors: ScanError[] } | undefined {
  const lines = new LineIndex(text);
  const roots: EventNode[] = [];
  const stack: EventNode[] = [];
  let aliases = 0;
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
            stack.push({ start: state.position, end: state.position, kind: null, result: undefined, children: [] });
            return;
          }
          const node = stack.pop();
          if (!node) return;
          node.end = state.position;
          node.kind = state.kind;
          node.result = state.result;
          // js-yaml probes for one more entry at the end of a block mapping: an empty, kindless node
          // that is no part of the document. (A real empty value that happens to look the same leaves
          // the mapping unbalanced, which sends the file to the careful path.)
          if (state.kind === null && node.start === node.end && stack.length > 0) return;
          // An alias closes without a kind but with the anchored value as its result.
          if (state.kind === null && state.result !== null && state.result !== undefined) aliases++;
          // A flow collection as a block sequence item arrives wrapped in a second node holding the
          // very same value; keep the inner one, whose offsets are the collection's own.
          const [only] = node.children;
          const kept = node.children.length === 1 && only!.kind === node.kind && only!.result === node.result && typeof node.result === 'object' ? only! : node;
          (stack.at(-1)?.children ?? roots).push(kept);
        },
      },
    );
  } catch {
    return undefined;
  }
  // js-yaml composes exactly one root node per document, empty ones included; anything else means
  // we misread the events, and the careful path is the safe answer.
  if (aliases > 0 || roots.length !== values.length || !roots.every(treeMatchesValue)) return undefined;
  return { documents: values.map((value, index) => fastDocument(file, index, text, value, roots[index], lines)), errors: [] };
}

/**
 * js-yaml emits no event for an empty sequence item (`- ` alone), and merged or complex keys do not
 * pair up one-to-one; any such shape would shift child indexes, so it sends the file to the careful path.
 */
function treeMatchesValue(node: EventNode): boolean {
  if (node.kind === 'sequence') {
    if (!Array.isArray(node.result) || node.result.length !== node.children.length) return false;
  } else if (node.kind === 'mapping') {
    const result = node.result;
    if (result === null || typeof result !== 'object' || Object.keys(result).length * 2 !== node.children.length) return false;
  }
  return node.children.every(treeMatchesValue);
}

function fastDocument(file: string, index: number, text: string, value: unknown, root: EventNode | undefined, lines: LineIndex): YamlDocument {
  const span = root && value !== null && value !== undefined ? contentSpan(text, root) : undefined;
  return {
    file,
    index,
    text,
    value,
    startLine: span ? lines.position(span[0]).line : 0,
    endLine: span ? lines.position(Math.max(span[0], span[1] - 1)).line : 0,
    locate: (path) => locateInTree(file, text, lines, root, path),
    nodeEndLine: (line) => (root ? nodeEndLine(text, lines, root, line) : undefined),
  };
}

function locateInTree(file: string, text: string, lines: LineIndex, root: EventNode | undefined, path: JsonPath): Located {
  let node = root;
  let keyNode: EventNode | undefined;
  let exact = true;
  for (const segment of path) {
    const next = node ? child(node, segment) : undefined;
    if (!next) {
      exact = false;
      break;
    }
    node = next.value;
    keyNode = next.key;
  }
  const keySpan = keyNode ? contentSpan(text, keyNode) : undefined;
  const valueSpan = node ? contentSpan(text, node) : undefined;
  const isScalar = node !== undefined && node.kind !== 'mapping' && node.kind !== 'sequence';
  let span: [number, number];
  if (keySpan && (!exact || !isScalar || keyNode === node)) span = keySpan;
  else if (keySpan && valueSpan) span = [keySpan[0], Math.max(keySpan[1], valueSpan[1])];
  else span = valueSpan ?? [0, 0];
  // A sequence item stands for itself: point at its first line rather than the whole item.
  if (keyNode && keyNode === node && !isScalar) span = [span[0], lineEnd(text, span[0])];
  const from = lines.position(span[0]);
  const to = lines.position(Math.max(span[0], span[1]));
  return { location: { file, startLine: from.line, startColumn: from.column, endLine: to.line, endColumn: to.column }, exact };
}

function child(node: EventNode, segment: string | number): { key: EventNode; value: EventNode } | undefined {
  if (node.kind === 'mapping') {
    for (let i = 0; i + 1 < node.children.length; i += 2) {
      const key = node.children[i]!;
      if (String(key.result) === String(segment)) return { key, value: node.children[i + 1]! };
    }
    return undefined;
  }
  if (node.kind === 'sequence' && typeof segment === 'number') {
    const item = node.children[segment];
    return item ? { key: item, value: item } : undefined;
  }
  return undefined;
}

function nodeEndLine(text: string, lines: LineIndex, root: EventNode, line: number): number | undefined {
  let best: number | undefined;
  const consider = (start: EventNode, end: EventNode) => {
    const startSpan = contentSpan(text, start);
    if (lines.position(startSpan[0]).line !== line) return;
    const endSpan = contentSpan(text, end);
    best = Math.max(best ?? line, lines.position(Math.max(startSpan[0], endSpan[1] - 1)).line);
  };
  const visit = (node: EventNode) => {
    if (node.kind === 'mapping') {
      for (let i = 0; i + 1 < node.children.length; i += 2) consider(node.children[i]!, node.children[i + 1]!);
    } else if (node.kind === 'sequence') {
      for (const item of node.children) consider(item, item);
    }
    node.children.forEach(visit);
  };
  visit(root);
  return best;
}

/**
 * Event offsets include surrounding whitespace, comments and node properties; the user-facing span
 * is the content itself.
 */
function contentSpan(text: string, node: EventNode): [number, number] {
  let start = node.start;
  const limit = Math.max(node.start, node.end);
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
