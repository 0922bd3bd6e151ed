import jsyaml from 'js-yaml';
import { FlatTree, KIND_MAPPING, KIND_OTHER, KIND_SCALAR, KIND_SEQUENCE } from './flat-tree.js';

/**
 * A reader for the block-style YAML that manifests are written in, straight into values and a FlatTree, in less than
 * half of js-yaml's time with its listener (bench/yaml.js). It takes block mappings and sequences, plain, quoted and
 * block scalars, single-line flow collections, comments and `---` separators, and declines (undefined) anything else:
 * anchors, aliases and tags, `?` keys, merge keys, directives, tabs in indentation, CR line ends, byte-order marks,
 * duplicate keys, empty sequence items, a document without content that js-yaml treats its own way, and
 * every syntax error. What it declines goes to js-yaml, then to the `yaml` library, unchanged: this reader must give
 * exactly js-yaml's values under its core schema, or decline, which block-yaml.test.ts checks against js-yaml.
 */
export function readBlockYaml(text: string): { values: unknown[]; tree: FlatTree } | undefined {
  // CR line ends js-yaml normalises, and byte-order marks it strips: rare, and cheap to find (a regular expression for
  // the control characters js-yaml refuses cost 0.1 s over the 100 MB corpus; what it refuses, the careful path
  // reads to the same values as this reader).
  if (text.indexOf('\r') >= 0 || text.indexOf('\uFEFF') >= 0) return undefined;
  const reader = new Reader(text);
  try {
    const values = reader.documents();
    return { values, tree: reader.tree.takeCompact() };
  } catch {
    // DECLINE, or else this reader's own bug, which may cost the file the faster path but never the scan.
    return undefined;
  }
}

const BUILDER = new FlatTree();

/** Thrown, never returned: the reader stops at the first thing it does not take. */
const DECLINE = Symbol('decline');

interface ScalarType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}
/** js-yaml's own resolvers of its core schema, in its order, so plain scalars are typed exactly as js-yaml types them. */
const { types } = jsyaml as unknown as { types: Record<'null' | 'bool' | 'int' | 'float', ScalarType> };
const IMPLICIT: readonly ScalarType[] = [types.null, types.bool, types.int, types.float];

const LF = 10;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DOT = 46;
const COMMA = 44;
const SINGLE = 39;
const DOUBLE = 34;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const PIPE = 124;
const GREATER = 62;

/** Deeper than any manifest nests (a CRD's schema is some 40 levels): what nests deeper is js-yaml's to refuse. */
const MAX_DEPTH = 500;

/** skipToContent's answers besides a column. */
const END = -1;
const MARKER = -2;

/** Node properties, complex keys, directives and reserved indicators: whatever starts with these is declined. */
function isDeclinedIndicator(c: number): boolean {
  return c === 38 /* & */ || c === 42 /* * */ || c === 33 /* ! */ || c === 63 /* ? */ || c === 37 /* % */ || c === 64 /* @ */ || c === 96 /* ` */;
}

/** Characters no plain scalar starts with, that start something else or nothing valid. */
function isFlowOrBlockIndicator(c: number): boolean {
  return c === COMMA || c === OPEN_BRACKET || c === CLOSE_BRACKET || c === OPEN_BRACE || c === CLOSE_BRACE || c === HASH || c === PIPE || c === GREATER;
}

/** Characters a plain scalar's first character can be for the core schema's number types to resolve it. */
function mayBeNumber(c: number): boolean {
  // Digits, signs and `.` (numbers, .inf, .nan), and `~` (null).
  return (c >= 48 && c <= 57) || c === DASH || c === 43 || c === DOT || c === 126;
}

/**
 * The core schema's null and boolean words, the only plain scalars starting with a letter that it types: looked up
 * rather than resolved, since `name`, `namespace` and `type` start as they do and are among the commonest keys.
 */
const WORDS: ReadonlyMap<string, null | boolean> = new Map<string, null | boolean>([
  ...['null', 'Null', 'NULL'].map((word) => [word, null] as const),
  ...['true', 'True', 'TRUE'].map((word) => [word, true] as const),
  ...['false', 'False', 'FALSE'].map((word) => [word, false] as const),
]);

function typedPlain(raw: string): unknown {
  const c = raw.charCodeAt(0);
  if (mayBeNumber(c)) {
    for (const type of IMPLICIT) if (type.resolve(raw)) return type.construct(raw);
    return raw;
  }
  // The words are four or five letters starting n, t or f: anything else is not even looked up.
  if ((raw.length === 4 || raw.length === 5) && (c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70)) {
    const word = WORDS.get(raw);
    if (word !== undefined) return word;
  }
  return raw;
}

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1B', ' ': ' ',
  '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xA0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

class Reader {
  /** Every file's tree is built in this one (see FlatTree.takeCompact); a declined file leaves it to be reset. */
  readonly tree = BUILDER;
  private pos = 0;
  /** Where the line skipToContent stopped on starts. */
  private lineStart = 0;
  private readonly length: number;
  /** Collections open around the current node: a hostile file nests them deeper than the stack goes. */
  private depth = 0;

  constructor(private readonly text: string) {
    this.length = text.length;
    this.tree.reset();
  }

  documents(): unknown[] {
    const values: unknown[] = [];
    // A document a `---` opened and nothing filled yet: it is a null document if another marker or the end comes first.
    let opened = false;
    let any = false;
    for (;;) {
      const column = this.skipToContent();
      if (column === END) break;
      if (column === MARKER) {
        if (opened) this.nullDocument(values);
        opened = true;
        any = true;
        this.pos += 3;
        this.endOfLine();
        continue;
      }
      const root = this.tree.count;
      this.tree.roots.push(root);
      values.push(this.node(column, -1));
      // A document that is a scalar is no manifest, and its continuation lines follow rules of their own.
      if (this.tree.kind[root] !== KIND_MAPPING && this.tree.kind[root] !== KIND_SEQUENCE) throw DECLINE;
      opened = false;
      any = true;
      const after = this.skipToContent();
      if (after === END) break;
      if (after !== MARKER) throw DECLINE;
    }
    if (opened) this.nullDocument(values);
    // A text of comments alone is one null document to js-yaml, whitespace alone none: rare enough to leave to it.
    if (!any) throw DECLINE;
    return values;
  }

  private nullDocument(values: unknown[]): void {
    this.tree.roots.push(this.tree.allocate(this.pos));
    values.push(null);
  }

  /**
   * From a line start, past blank and comment lines to the next line with content: its column, with `pos` on the
   * content and `lineStart` on its line; END at the end of the text; MARKER on a `---` line (`pos` at its start).
   */
  private skipToContent(): number {
    const { text, length } = this;
    let p = this.pos;
    for (;;) {
      const start = p;
      while (p < length && text.charCodeAt(p) === SPACE) p++;
      if (p >= length) {
        this.pos = length;
        return END;
      }
      const c = text.charCodeAt(p);
      if (c === LF) {
        p++;
        continue;
      }
      if (c === HASH) {
        p = this.nextLine(p);
        continue;
      }
      if (c === TAB) throw DECLINE;
      this.pos = p;
      this.lineStart = start;
      if (p === start && (c === DASH || c === DOT) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === c) {
        // `...`, and `---` run into more text, are js-yaml's to judge.
        if (c === DOT || !this.isBlankOrEnd(p + 3)) throw DECLINE;
        return MARKER;
      }
      return p - start;
    }
  }

  private isMarkerAt(p: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(p);
    return (c === DASH || c === DOT) && text.charCodeAt(p + 1) === c && text.charCodeAt(p + 2) === c && this.isBlankOrEnd(p + 3);
  }

  private isBlankOrEnd(p: number): boolean {
    if (p >= this.length) return true;
    const c = this.text.charCodeAt(p);
    return c === SPACE || c === LF;
  }

  /** The start of the line after the one `p` is on. */
  private nextLine(p: number): number {
    const newline = this.text.indexOf('\n', p);
    return newline < 0 ? this.length : newline + 1;
  }

  /** After a node's content: spaces, an optional comment, then the line's end; `pos` moves to the next line. */
  private endOfLine(): void {
    const { text, length } = this;
    let p = this.pos;
    const contentEnd = p;
    while (p < length && text.charCodeAt(p) === SPACE) p++;
    if (p < length) {
      const c = text.charCodeAt(p);
      if (c === HASH && p > contentEnd) p = this.nextLine(p);
      else if (c === LF) p++;
      else throw DECLINE;
    }
    this.pos = p;
  }

  /** The block node whose content starts at `pos`, in `column`; its lines are indented more than `parent`. */
  private node(column: number, parent: number): unknown {
    const { text } = this;
    const p = this.pos;
    const c = text.charCodeAt(p);
    if (c === DASH && this.isBlankOrEnd(p + 1)) return this.sequence(column, false);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      const value = this.flowNode();
      this.endOfLine();
      return value;
    }
    if (c === PIPE || c === GREATER) return this.blockScalar(parent);
    if (isDeclinedIndicator(c) || isFlowOrBlockIndicator(c)) throw DECLINE;
    const colon = this.keyColon(p);
    if (colon >= 0) return this.mapping(column, colon);
    if (c === SINGLE || c === DOUBLE) {
      const value = this.quoted(parent);
      this.endOfLine();
      return value;
    }
    return this.plain(parent);
  }

  /** A value after `key:` on the same line. */
  private inlineValue(parent: number): unknown {
    const { text } = this;
    const p = this.pos;
    const c = text.charCodeAt(p);
    if (c === PIPE || c === GREATER) return this.blockScalar(parent);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      const value = this.flowNode();
      this.endOfLine();
      return value;
    }
    if (c === SINGLE || c === DOUBLE) {
      const value = this.quoted(parent);
      this.endOfLine();
      return value;
    }
    if (isDeclinedIndicator(c) || isFlowOrBlockIndicator(c) || (c === DASH && this.isBlankOrEnd(p + 1))) throw DECLINE;
    return this.plain(parent);
  }

  /**
   * Where the mapping key starting at `p` ends in its `:` (the colon's offset), or -1 when the line holds no key. Keys
   * are on one line: a quoted key, or plain text up to `: ` (a ` #` first means a comment, no key).
   */
  private keyColon(p: number): number {
    const { text, length } = this;
    const first = text.charCodeAt(p);
    if (first === SINGLE || first === DOUBLE) {
      const close = this.quoteEnd(p);
      if (close < 0) return -1;
      let q = close + 1;
      while (q < length && text.charCodeAt(q) === SPACE) q++;
      return text.charCodeAt(q) === COLON && this.isBlankOrEnd(q + 1) ? q : -1;
    }
    for (let q = p; q < length; q++) {
      const c = text.charCodeAt(q);
      if (c === LF) return -1;
      if (c === COLON && this.isBlankOrEnd(q + 1)) return q;
      if (c === HASH && text.charCodeAt(q - 1) === SPACE) return -1;
      if (c === TAB) throw DECLINE;
    }
    return -1;
  }

  /** The closing quote of the quoted scalar opening at `p`, on the same line, or -1. */
  private quoteEnd(p: number): number {
    const { text, length } = this;
    const quote = text.charCodeAt(p);
    for (let q = p + 1; q < length; q++) {
      const c = text.charCodeAt(q);
      if (c === LF) return -1;
      if (quote === DOUBLE && c === BACKSLASH) q++;
      else if (c === quote) {
        if (quote === SINGLE && text.charCodeAt(q + 1) === SINGLE) q++;
        else return q;
      }
    }
    return -1;
  }

  /** A block mapping whose keys are in `column`; `firstColon` ends its first key, which node() has already scanned. */
  private mapping(column: number, firstColon: number): Record<string, unknown> {
    const { tree, text } = this;
    this.enter();
    const index = tree.allocate(this.pos);
    const result: Record<string, unknown> = {};
    let pairs = 0;
    let end = this.pos;
    for (let pending = firstColon; ; pending = -1) {
      const keyStart = this.pos;
      const first = text.charCodeAt(keyStart);
      if (isDeclinedIndicator(first) || isFlowOrBlockIndicator(first)) throw DECLINE;
      const colon = pending >= 0 ? pending : this.keyColon(keyStart);
      // No key, or an empty one (`: value`), which js-yaml refuses.
      if (colon <= keyStart) throw DECLINE;
      let key: string;
      let keyEnd: number;
      if (first === SINGLE || first === DOUBLE) {
        // keyColon found its closing quote on this line.
        key = this.quotedText(Number.MAX_SAFE_INTEGER);
        keyEnd = this.pos;
      } else {
        keyEnd = colon;
        while (text.charCodeAt(keyEnd - 1) === SPACE) keyEnd--;
        key = String(typedPlain(text.slice(keyStart, keyEnd)));
      }
      // Merge keys are the careful path's to expand; `__proto__` would set the prototype by assignment. A key given
      // twice is refused by js-yaml.
      if (key === '<<' || key === '__proto__' || Object.hasOwn(result, key)) throw DECLINE;
      const keyIndex = tree.allocate(keyStart);
      this.close(keyIndex, keyEnd, KIND_SCALAR, 0);
      tree.label[keyIndex] = key;
      this.pos = colon + 1;
      const valueIndex = tree.count;
      result[key] = this.mappingValue(column);
      end = Math.max(end, tree.end[valueIndex]!);
      pairs++;
      const next = this.skipToContent();
      if (next === column) {
        if (text.charCodeAt(this.pos) === DASH && this.isBlankOrEnd(this.pos + 1)) throw DECLINE;
        continue;
      }
      if (next > column) throw DECLINE;
      if (next !== END) this.pos = this.lineStart;
      break;
    }
    this.close(index, this.withTrailingComment(end), KIND_MAPPING, pairs * 2);
    this.depth--;
    return result;
  }

  /** The value after a key's colon (`pos` just past it), on this line or the lines below. */
  private mappingValue(column: number): unknown {
    const { text, length } = this;
    const colonEnd = this.pos;
    let p = colonEnd;
    while (p < length && text.charCodeAt(p) === SPACE) p++;
    const c = p < length ? text.charCodeAt(p) : LF;
    if (c !== LF && c !== HASH) {
      if (c === TAB) throw DECLINE;
      this.pos = p;
      return this.inlineValue(column);
    }
    this.pos = c === LF ? p + 1 : this.nextLine(p);
    const next = this.skipToContent();
    if (next > column) return this.node(next, column);
    if (next === column && text.charCodeAt(this.pos) === DASH && this.isBlankOrEnd(this.pos + 1)) return this.sequence(column, true);
    // An empty value: js-yaml's node for it starts, and its content ends, right after the colon.
    if (next !== END) this.pos = this.lineStart;
    this.close(this.tree.allocate(colonEnd), colonEnd, KIND_OTHER, 0);
    return null;
  }

  /** A block sequence whose dashes are in `column`; `indentless` when it is a mapping's value in the mapping's column. */
  private sequence(column: number, indentless: boolean): unknown[] {
    const { tree, text, length } = this;
    this.enter();
    const index = tree.allocate(this.pos);
    const items: unknown[] = [];
    let end = this.pos;
    for (;;) {
      const lineStart = this.lineStart;
      let p = this.pos + 1;
      while (p < length && text.charCodeAt(p) === SPACE) p++;
      const c = p < length ? text.charCodeAt(p) : LF;
      const itemIndex = tree.count;
      if (c === LF || c === HASH) {
        this.pos = c === LF ? p + 1 : this.nextLine(p);
        const next = this.skipToContent();
        // js-yaml reports no node for an empty item, which would shift the tree's item indexes.
        if (next <= column) throw DECLINE;
        items.push(this.node(next, column));
      } else {
        if (c === TAB) throw DECLINE;
        this.pos = p;
        items.push(this.node(p - lineStart, column));
      }
      end = Math.max(end, tree.end[itemIndex]!);
      const next = this.skipToContent();
      if (next === column && text.charCodeAt(this.pos) === DASH && this.isBlankOrEnd(this.pos + 1)) continue;
      if (next > column || (next === column && !indentless)) throw DECLINE;
      if (next !== END) this.pos = this.lineStart;
      break;
    }
    this.close(index, this.withTrailingComment(end), KIND_SEQUENCE, items.length);
    this.depth--;
    return items;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw DECLINE;
  }

  /**
   * A block collection ends where js-yaml's does, once trailing blank and comment lines are trimmed (contentSpan): after
   * a comment on its last line too.
   */
  private withTrailingComment(end: number): number {
    const { text } = this;
    let p = end;
    while (text.charCodeAt(p) === SPACE) p++;
    if (p === end || text.charCodeAt(p) !== HASH) return end;
    const newline = text.indexOf('\n', p);
    return newline < 0 ? this.length : newline;
  }

  private close(index: number, end: number, kind: number, children: number): void {
    const { tree } = this;
    tree.end[index] = end;
    tree.size[index] = tree.count - index - 1;
    tree.kind[index] = kind;
    tree.childCount[index] = children;
  }

  /**
   * A plain scalar from `pos`, folded over the lines below it that are indented more than `parent`; `pos` ends on the
   * line after it. A `: ` in it would make it a mapping key where none can be, an error js-yaml reports: declined.
   */
  private plain(parent: number): unknown {
    const { text, length } = this;
    const index = this.tree.allocate(this.pos);
    let value = '';
    let p = this.pos;
    let end = p;
    let breaks = -1;
    for (;;) {
      // One line's content, from `p`: up to a comment or the line's end, trailing spaces dropped.
      const start = p;
      let comment = false;
      for (; p < length; p++) {
        const c = text.charCodeAt(p);
        if (c === LF) break;
        if (c === COLON && this.isBlankOrEnd(p + 1)) throw DECLINE;
        if (c === HASH && text.charCodeAt(p - 1) === SPACE) {
          comment = true;
          break;
        }
        if (c === TAB) throw DECLINE;
      }
      let contentEnd = p;
      while (contentEnd > start && text.charCodeAt(contentEnd - 1) === SPACE) contentEnd--;
      if (breaks < 0) value = text.slice(start, contentEnd);
      else value += (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + text.slice(start, contentEnd);
      end = contentEnd;
      p = this.nextLine(p);
      if (comment) break;
      // The continuation lines: more indented than the parent, not a comment, not a document marker.
      breaks = 0;
      let next = -1;
      while (p < length) {
        const lineStart = p;
        while (p < length && text.charCodeAt(p) === SPACE) p++;
        const c = p < length ? text.charCodeAt(p) : LF;
        if (c === LF) {
          breaks++;
          p++;
          continue;
        }
        if (c === TAB) throw DECLINE;
        if (p - lineStart <= parent || c === HASH || (p === lineStart && this.isMarkerAt(p))) {
          p = lineStart;
          break;
        }
        next = p;
        break;
      }
      if (next < 0) break;
      p = next;
    }
    this.pos = this.lineAfter(end);
    this.close(index, end, KIND_SCALAR, 0);
    return typedPlain(value);
  }

  /** The start of the line after the one holding `offset - 1`, the last character of a node. */
  private lineAfter(end: number): number {
    return this.nextLine(Math.max(0, end - 1));
  }

  /**
   * A single- or double-quoted scalar from `pos`; its continuation lines, folded, must be indented more than `parent`
   * (js-yaml is laxer; declining there is only slower). `pos` ends right after the closing quote.
   */
  private quoted(parent: number): string {
    const index = this.tree.allocate(this.pos);
    const value = this.quotedText(parent);
    this.close(index, this.pos, KIND_SCALAR, 0);
    return value;
  }

  /** quoted's text alone, for keys, whose nodes the mapping makes. */
  private quotedText(parent: number): string {
    const { text, length } = this;
    const quote = text.charCodeAt(this.pos);
    let p = this.pos + 1;
    let segment = p;
    let value = '';
    for (;;) {
      if (p >= length) throw DECLINE;
      const c = text.charCodeAt(p);
      if (c === quote) {
        if (quote === SINGLE && text.charCodeAt(p + 1) === SINGLE) {
          value += text.slice(segment, p + 1);
          p += 2;
          segment = p;
          continue;
        }
        value += text.slice(segment, p);
        p++;
        break;
      }
      if (c === TAB) throw DECLINE;
      if (c === BACKSLASH && quote === DOUBLE) {
        value += text.slice(segment, p);
        const escape = text[p + 1] ?? '';
        const simple = ESCAPES[escape];
        const digits = HEX_ESCAPES[escape];
        if (simple !== undefined) {
          value += simple;
          p += 2;
        } else if (digits !== undefined) {
          const hex = text.slice(p + 2, p + 2 + digits);
          if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== digits) throw DECLINE;
          const code = Number.parseInt(hex, 16);
          if (code > 0x10ffff) throw DECLINE;
          value += String.fromCodePoint(code);
          p += 2 + digits;
        } else throw DECLINE;
        segment = p;
        continue;
      }
      if (c === LF) {
        let contentEnd = p;
        while (contentEnd > segment && text.charCodeAt(contentEnd - 1) === SPACE) contentEnd--;
        value += text.slice(segment, contentEnd);
        let breaks = 0;
        p++;
        for (;;) {
          const lineStart = p;
          while (p < length && text.charCodeAt(p) === SPACE) p++;
          if (p >= length) throw DECLINE;
          const d = text.charCodeAt(p);
          if (d === LF) {
            breaks++;
            p++;
            continue;
          }
          if (d === TAB || p - lineStart <= parent || (p === lineStart && this.isMarkerAt(p))) throw DECLINE;
          break;
        }
        value += breaks === 0 ? ' ' : '\n'.repeat(breaks);
        segment = p;
        continue;
      }
      p++;
    }
    this.pos = p;
    return value;
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar, its header at `pos`; its lines are indented more than `parent`, as
   * deep as its first line with content. An explicit indentation indicator is declined.
   */
  private blockScalar(parent: number): string {
    const { text, length } = this;
    const index = this.tree.allocate(this.pos);
    const folded = text.charCodeAt(this.pos) === GREATER;
    let chomping: 'clip' | 'strip' | 'keep' = 'clip';
    let p = this.pos + 1;
    const indicator = text.charCodeAt(p);
    if (indicator === DASH || indicator === 43) {
      chomping = indicator === DASH ? 'strip' : 'keep';
      p++;
    }
    if (parent < 0) throw DECLINE;
    this.pos = p;
    this.endOfLine();
    p = this.pos;
    let indent = -1;
    let leadingSpaces = 0;
    let value = '';
    let lines = 0;
    let breaks = 0;
    let previousMoreIndented = false;
    let end = this.pos;
    while (p < length) {
      const lineStart = p;
      while (p < length && text.charCodeAt(p) === SPACE && (indent < 0 || p - lineStart < indent)) p++;
      const c = p < length ? text.charCodeAt(p) : LF;
      if (c === LF) {
        if (indent < 0) leadingSpaces = Math.max(leadingSpaces, p - lineStart);
        breaks++;
        p++;
        continue;
      }
      const column = p - lineStart;
      if (indent < 0) {
        if (column <= parent) {
          p = lineStart;
          break;
        }
        if (leadingSpaces > column || c === TAB) throw DECLINE;
        indent = column;
      } else if (column < indent) {
        if (c === TAB) throw DECLINE;
        p = lineStart;
        break;
      }
      const lineEnd = this.nextLine(p);
      const contentEnd = lineEnd > p && text.charCodeAt(lineEnd - 1) === LF ? lineEnd - 1 : lineEnd;
      const content = text.slice(p, contentEnd);
      const moreIndented = c === SPACE || c === TAB;
      if (lines === 0) value = '\n'.repeat(breaks);
      else if (!folded || moreIndented || previousMoreIndented) value += '\n'.repeat(breaks + 1);
      else value += breaks === 0 ? ' ' : '\n'.repeat(breaks);
      value += content;
      previousMoreIndented = moreIndented;
      lines++;
      breaks = 0;
      end = contentEnd;
      p = lineEnd;
    }
    if (chomping === 'keep') value += lines > 0 ? '\n'.repeat(breaks + 1) : '\n'.repeat(breaks);
    else if (chomping === 'clip' && lines > 0) value += '\n';
    this.pos = p;
    this.close(index, end, KIND_SCALAR, 0);
    return value;
  }

  /** A flow collection on one line, `pos` on its opening bracket; `pos` ends right after the closing one. */
  private flowNode(): unknown {
    const { text } = this;
    this.enter();
    const index = this.tree.allocate(this.pos);
    const sequence = text.charCodeAt(this.pos) === OPEN_BRACKET;
    const close = sequence ? CLOSE_BRACKET : CLOSE_BRACE;
    this.pos++;
    const items: unknown[] = [];
    const object: Record<string, unknown> = {};
    let children = 0;
    for (;;) {
      this.skipFlowSpace();
      if (text.charCodeAt(this.pos) === close) break;
      if (sequence) items.push(this.flowItem(true));
      else {
        const keyIndex = this.tree.count;
        const key = String(this.flowItem(false));
        if (this.tree.kind[keyIndex] !== KIND_SCALAR || key === '<<' || key === '__proto__' || Object.hasOwn(object, key)) throw DECLINE;
        this.tree.label[keyIndex] = key;
        if (text.charCodeAt(this.pos) !== COLON || !this.isBlankOrEnd(this.pos + 1)) throw DECLINE;
        this.pos++;
        this.skipFlowSpace();
        object[key] = this.flowItem(true);
        children++;
      }
      children++;
      this.skipFlowSpace();
      const c = text.charCodeAt(this.pos);
      if (c === COMMA) this.pos++;
      else if (c !== close) throw DECLINE;
    }
    this.pos++;
    this.close(index, this.pos, sequence ? KIND_SEQUENCE : KIND_MAPPING, children);
    // `[a]: b` and the like make the collection a key.
    let after = this.pos;
    while (text.charCodeAt(after) === SPACE) after++;
    if (text.charCodeAt(after) === COLON) throw DECLINE;
    this.depth--;
    return sequence ? items : object;
  }

  private skipFlowSpace(): void {
    const { text, length } = this;
    while (this.pos < length && text.charCodeAt(this.pos) === SPACE) this.pos++;
    const c = text.charCodeAt(this.pos);
    if (this.pos >= length || c === LF || c === HASH || c === TAB) throw DECLINE;
  }

  /** An item of a flow collection; a value (`value`) may not look like a key (`a: b` inside `[...]`). */
  private flowItem(value: boolean): unknown {
    const { text, length } = this;
    const c = text.charCodeAt(this.pos);
    if (c === OPEN_BRACKET || c === OPEN_BRACE) return this.flowNode();
    if (c === SINGLE || c === DOUBLE) {
      if (this.quoteEnd(this.pos) < 0) throw DECLINE;
      const quoted = this.quoted(Number.MAX_SAFE_INTEGER);
      if (value && this.colonFollows()) throw DECLINE;
      return quoted;
    }
    if (isDeclinedIndicator(c) || isFlowOrBlockIndicator(c) || c === COLON) throw DECLINE;
    // `-` begins a plain scalar only before a character that could continue one.
    if (c === DASH && (this.isBlankOrEnd(this.pos + 1) || isFlowOrBlockIndicator(text.charCodeAt(this.pos + 1)))) throw DECLINE;
    const index = this.tree.allocate(this.pos);
    const start = this.pos;
    let p = start;
    for (; p < length; p++) {
      const d = text.charCodeAt(p);
      if (d === COMMA || d === OPEN_BRACKET || d === CLOSE_BRACKET || d === OPEN_BRACE || d === CLOSE_BRACE || d === LF || d === TAB || d === HASH) break;
      if (d === COLON) break;
    }
    const d = text.charCodeAt(p);
    if (d === LF || d === TAB || d === HASH || d === OPEN_BRACKET || d === OPEN_BRACE || p >= length) throw DECLINE;
    if (d === COLON && (value || !this.isBlankOrEnd(p + 1))) throw DECLINE;
    let end = p;
    while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
    this.pos = end;
    this.close(index, end, KIND_SCALAR, 0);
    return typedPlain(text.slice(start, end));
  }

  private colonFollows(): boolean {
    let p = this.pos;
    while (this.text.charCodeAt(p) === SPACE) p++;
    return this.text.charCodeAt(p) === COLON;
  }
}
