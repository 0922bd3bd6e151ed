import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Location, ScanError } from '../../core/finding.js';
import type { JsonPath } from '../../core/fix.js';
import { parseIgnoreComment, type IgnoreDirective } from '../../core/ignore-directive.js';

/**
 * A YAML alias bomb ("billion laughs") expands exponentially when converted to plain objects. Real
 * manifests use a handful of aliases at most, so a small cap turns a bomb into a clean error.
 */
const MAX_ALIAS_COUNT = 100;

export interface YamlDocument {
  file: string;
  index: number;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Plain value of the document; undefined when the document could not be converted. */
  value: unknown;
}

export interface ParsedYamlFile {
  file: string;
  text: string;
  documents: YamlDocument[];
  errors: ScanError[];
  ignoreDirectives: IgnoreDirective[];
}

export function parseYamlFile(file: string, text: string): ParsedYamlFile {
  const lineCounter = new LineCounter();
  const errors: ScanError[] = [];
  const documents: YamlDocument[] = [];
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true }) as Document.Parsed[];
  } catch (error) {
    return { file, text, documents, errors: [{ file, message: `YAML parser failed: ${describe(error)}` }], ignoreDirectives: [] };
  }
  if (!Array.isArray(parsed)) parsed = [parsed];
  parsed.forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        errors.push({ file, line: lineCounter.linePos(e.pos[0]).line, message: `invalid YAML: ${firstLine(e.message)}` });
      }
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
    documents.push({ file, index, text, doc, lineCounter, value });
  });
  return { file, text, documents, errors, ignoreDirectives: collectIgnoreDirectives(text, documents) };
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/excessive alias count/i.test(message)) return 'too many alias expansions (possible alias bomb)';
  return firstLine(message);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

export interface Located {
  location: Location;
  /** False when the path does not exist and the location is that of its nearest existing ancestor. */
  exact: boolean;
}

/**
 * Finds the YAML node at `path` and returns the range a user should look at: for a scalar field,
 * its `key: value` text; for a collection, its key. A missing field points at the nearest ancestor.
 */
export function locate(document: YamlDocument, path: JsonPath): Located {
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

/** The 1-based line span of the node a comment line sits above, to scope `rampart:ignore`. */
function collectIgnoreDirectives(text: string, documents: YamlDocument[]): IgnoreDirective[] {
  const lines = text.split(/\r?\n/);
  const directives: IgnoreDirective[] = [];
  lines.forEach((line, i) => {
    const hashIndex = line.indexOf('#');
    if (hashIndex < 0) return;
    const parsed = parseIgnoreComment(line.slice(hashIndex + 1));
    if (!parsed) return;
    const lineNo = i + 1;
    const trailing = line.slice(0, hashIndex).trim() !== '';
    if (trailing) {
      directives.push({ ...parsed, line: lineNo, fromLine: lineNo, toLine: lineNo });
      return;
    }
    let target = i + 1;
    while (target < lines.length && /^\s*(#.*)?$/.test(lines[target]!)) target++;
    const targetLine = target + 1;
    const span = spanOfNodeAt(documents, targetLine);
    directives.push({ ...parsed, line: lineNo, fromLine: targetLine, toLine: span ?? targetLine });
  });
  return directives;
}

/** Last line of the key/value pair starting on `line`, or of the whole document when `line` opens it. */
function spanOfNodeAt(documents: YamlDocument[], line: number): number | undefined {
  for (const document of documents) {
    const contents = document.doc.contents;
    if (!contents) continue;
    const docStart = document.lineCounter.linePos(contents.range[0]).line;
    const docEnd = document.lineCounter.linePos(Math.max(contents.range[0], contents.range[1] - 1)).line;
    if (line < docStart - 1 || line > docEnd) continue;
    if (line <= docStart) return docEnd;
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
  return undefined;
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
