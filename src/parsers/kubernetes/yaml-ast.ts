import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { ScanError } from '../../core/finding.js';
import type { JsonPath } from '../../core/fix.js';
import type { Located, YamlDocument } from './yaml-document.js';

/**
 * A YAML alias bomb ("billion laughs") expands exponentially when converted to plain objects. Real
 * manifests use a handful of aliases at most, so a small cap turns a bomb into a clean error.
 */
const MAX_ALIAS_COUNT = 100;

/** A document parsed by the `yaml` library, whose AST also serves comment-preserving edits. */
export interface AstYamlDocument extends YamlDocument {
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export interface ParsedYamlAst {
  file: string;
  text: string;
  documents: AstYamlDocument[];
  errors: ScanError[];
}

export function parseYamlAst(file: string, text: string): ParsedYamlAst {
  const lineCounter = new LineCounter();
  const errors: ScanError[] = [];
  const documents: AstYamlDocument[] = [];
  let parsed: Document.Parsed[];
  try {
    // The library's own unique-key check compares every pair of keys (quadratic on a 50,000-key map);
    // duplicateKeyOffset below does the same job in one pass. Merge keys are read as Kubernetes' YAML
    // library reads them, so `<<: {privileged: true}` means privileged, not a key named `<<`.
    // logLevel: the library's warnings (a `{{ x }}` key stringified...) describe the input; they would reach stderr as
    // Node process warnings, outside the report.
    parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true, logLevel: 'error' }) as Document.Parsed[];
  } catch (error) {
    return { file, text, documents, errors: [{ file, message: `YAML parser failed: ${describe(error)}` }] };
  }
  if (!Array.isArray(parsed)) parsed = [parsed];
  parsed.forEach((doc, index) => {
    const duplicate = doc.errors.length === 0 ? duplicateKeyOffset(doc.contents) : undefined;
    if (duplicate !== undefined) {
      errors.push({ file, line: lineCounter.linePos(duplicate).line, message: 'invalid YAML: Map keys must be unique' });
      return;
    }
    const [firstError] = doc.errors;
    if (firstError) {
      // Later errors in the same document are almost always cascades of the first one.
      errors.push({ file, line: lineCounter.linePos(firstError.pos[0]).line, message: `invalid YAML: ${firstLine(firstError.message)}` });
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const line = doc.contents ? lineCounter.linePos(doc.contents.range[0]).line : undefined;
      errors.push({ file, ...(line ? { line } : {}), message: `invalid YAML: ${describe(error)}` });
      return;
    }
    documents.push(astDocument(file, index, text, doc, lineCounter, value));
  });
  return { file, text, documents, errors };
}

function astDocument(file: string, index: number, text: string, doc: Document.Parsed, lineCounter: LineCounter, value: unknown): AstYamlDocument {
  const contents = value === null || value === undefined ? null : doc.contents;
  const startLine = contents ? lineCounter.linePos(contents.range[0]).line : 0;
  const endLine = contents ? lineCounter.linePos(Math.max(contents.range[0], contents.range[1] - 1)).line : 0;
  const document: AstYamlDocument = {
    file,
    index,
    text,
    doc,
    lineCounter,
    value,
    startLine,
    endLine,
    locate: (path) => locateInAst(document, path),
    nodeEndLine: (line) => nodeEndLine(document, line),
  };
  return document;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/excessive alias count/i.test(message)) return 'too many alias expansions (possible alias bomb)';
  return firstLine(message);
}

function firstLine(message: string): string {
  if (/maximum call stack/i.test(message)) return 'nesting too deep to parse';
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function locateInAst(document: AstYamlDocument, path: JsonPath): Located {
  let node: unknown = document.doc.contents;
  let keyNode: Node | undefined;
  let exact = true;
  for (const segment of path) {
    const next = child(node, segment);
    if (!next) {
      exact = false;
      break;
    }
    node = next.value;
    keyNode = next.key ?? keyNode;
  }
  const valueRange = rangeOf(node);
  const keyRange = keyNode ? rangeOf(keyNode) : undefined;
  let start: number;
  let end: number;
  if (keyRange && (!exact || !isScalar(node))) {
    [start, end] = keyRange;
  } else if (keyRange && valueRange) {
    start = keyRange[0];
    end = valueRange[1];
  } else if (valueRange) {
    [start, end] = valueRange;
  } else {
    start = 0;
    end = 0;
  }
  // A sequence item stands for itself: point at its first line rather than the whole item.
  if (keyNode && keyNode === node && !isScalar(node)) {
    const newline = document.text.indexOf('\n', start);
    end = newline < 0 ? document.text.length : newline;
    if (document.text[end - 1] === '\r') end--;
  }
  const from = document.lineCounter.linePos(start);
  const to = document.lineCounter.linePos(Math.max(start, end));
  return {
    location: { file: document.file, startLine: from.line, startColumn: from.col, endLine: to.line, endColumn: to.col },
    exact,
  };
}

interface Child {
  key?: Node;
  value: unknown;
}

function child(node: unknown, segment: string | number): Child | undefined {
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = isScalar(item.key) ? item.key.value : item.key;
      if (String(key) === String(segment)) return { key: item.key as Node, value: item.value };
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const value = node.items[segment];
    if (value === undefined) return undefined;
    // A sequence item has no key; its value node stands in for the key so locations stay precise.
    return { key: value as Node, value };
  }
  return undefined;
}

function rangeOf(node: unknown): [number, number] | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? [range[0], range[1]] : undefined;
}

function nodeEndLine(document: AstYamlDocument, line: number): number | undefined {
  const contents = document.doc.contents;
  if (!contents) return undefined;
  let best: number | undefined;
  visitPairs(contents, (keyStart, valueEnd) => {
    const keyLine = document.lineCounter.linePos(keyStart).line;
    if (keyLine === line) {
      const endLine = document.lineCounter.linePos(Math.max(keyStart, valueEnd - 1)).line;
      best = Math.max(best ?? line, endLine);
    }
  });
  return best;
}

function visitPairs(node: unknown, visit: (keyStart: number, valueEnd: number) => void): void {
  if (isMap(node)) {
    for (const item of node.items) {
      const keyRange = rangeOf(item.key);
      const valueRange = rangeOf(item.value) ?? keyRange;
      if (keyRange && valueRange) visit(keyRange[0], valueRange[1]);
      visitPairs(item.value, visit);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const range = rangeOf(item);
      if (range) visit(range[0], range[1]);
      visitPairs(item, visit);
    }
  }
}

/** Offset of the first key that repeats an earlier key of the same mapping, scalar keys compared by value. */
function duplicateKeyOffset(root: unknown): number | undefined {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const item of node.items) {
        if (isScalar(item.key)) {
          const key = `${typeof item.key.value}:${String(item.key.value)}`;
          if (seen.has(key)) return item.key.range?.[0];
          seen.add(key);
        }
        pending.push(item.value);
      }
    } else if (isSeq(node)) {
      pending.push(...node.items);
    }
  }
  return undefined;
}
