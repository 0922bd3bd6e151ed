import type { Location } from '../../core/finding.js';
import type { JsonPath } from '../../core/fix.js';
import { asRecord } from './values.js';
import type { Located, YamlDocument } from './yaml-document.js';

/**
 * A document for an object that arrives as a value (an admission request, an API response) rather than as text.
 * Locations refer to the object written in block YAML (`text`), but neither that text nor a position index is built
 * to find them: in that layout every scalar and every empty collection takes one line, so a field's line is the sum
 * of the heights of what precedes it and its column is its depth. A finding costs a walk down its path, an object
 * without findings costs nothing, and the admission webhook allocates no text per request.
 */
export function valueDocument(file: string, value: Record<string, unknown>): YamlDocument {
  return new ValueDocument(file, value);
}

/**
 * A class rather than an object literal with getters: V8 keeps a literal's accessors on its hidden class, so every
 * request's getters (and through them the whole request object) stayed reachable from an old-space map until the next
 * full collection. The webhook then promoted about 5 KB per request and ran a mark-compact every few seconds, the
 * spikes in its p99 latency.
 */
class ValueDocument implements YamlDocument {
  readonly index = 0;
  readonly startLine = 1;
  private layout: Layout | undefined;

  constructor(
    readonly file: string,
    readonly value: Record<string, unknown>,
  ) {}

  get text(): string {
    return writeBlock(this.value);
  }

  get endLine(): number {
    return this.laidOut().height(this.value);
  }

  // Bound: callers keep `locate` apart from its document (objects.ts).
  readonly locate = (path: JsonPath): Located => this.laidOut().locate(this.file, path);
  readonly nodeEndLine = (line: number): number | undefined => this.laidOut().nodeEndLine(this.value, 1, line);

  private laidOut(): Layout {
    return (this.layout ??= new Layout(this.value));
  }
}

/** Heights are memoised per collection, so locating many findings in one large object stays linear. */
class Layout {
  private readonly heights = new Map<object, number>();

  constructor(private readonly root: Record<string, unknown>) {}

  /** Lines `value` takes: one unless it is a non-empty collection, written in block style below its key. */
  height(value: unknown): number {
    if (!isBlock(value)) return 1;
    let height = this.heights.get(value);
    if (height !== undefined) return height;
    height = 0;
    if (Array.isArray(value)) {
      // An item that is a collection starts on its dash's line (`- name: web`).
      for (const item of value) height += this.height(item);
    } else {
      for (const key in value) if (Object.hasOwn(value, key)) height += entryHeight(this, value[key]);
    }
    this.heights.set(value, height);
    return height;
  }

  /** The same ranges `parseYamlFile(file, text)` gives: `key: value` for a scalar, the key of a collection, the first line of a list item. */
  locate(file: string, path: JsonPath): Located {
    // Plain numbers rather than objects per step: the webhook locates every finding of every request.
    let node: unknown = this.root;
    // Where the current node's first member (a key, or a dash) is written.
    let line = 1;
    let column = 1;
    // The last step taken, where it is written: a mapping key, or a list item when `stepKey` is undefined.
    let stepKey: string | undefined;
    let stepLine = 0;
    let stepColumn = 0;
    let exact = true;
    for (const segment of path) {
      if (Array.isArray(node)) {
        if (typeof segment !== 'number' || segment < 0 || segment >= node.length) {
          exact = false;
          break;
        }
        for (let i = 0; i < segment; i++) line += this.height(node[i]);
        // A collection item's first member is written right after the dash.
        column += 2;
        stepKey = undefined;
        node = node[segment];
      } else {
        const key = String(segment);
        const record = asRecord(node);
        if (!record || !Object.hasOwn(record, key)) {
          exact = false;
          break;
        }
        // `for...in` visits own keys in Object.keys order without building the array.
        for (const other in record) {
          if (other === key) break;
          if (Object.hasOwn(record, other)) line += entryHeight(this, record[other]);
        }
        stepKey = key;
        node = record[key];
        // A nested mapping's keys are indented by two, and so are a nested list's dashes.
        stepLine = line++;
        stepColumn = column;
        column += 2;
        continue;
      }
      stepLine = line;
      stepColumn = column;
    }
    if (stepLine === 0) return { location: this.whole(file), exact };
    let end: number;
    if (stepKey === undefined) {
      // An item stands for itself: a scalar item's text, or the first line of a collection item.
      end = stepColumn + (isCollection(node) ? firstLineWidth(node) : scalarText(node).length);
    } else {
      end = stepColumn + scalarText(stepKey).length;
      if (exact && !isCollection(node)) end += 2 + scalarText(node).length;
    }
    return { location: { file, startLine: stepLine, startColumn: stepColumn, endLine: stepLine, endColumn: end }, exact };
  }

  /** The entry or item that starts on `line` is the largest node there; nodes inside it start below or to its right. */
  nodeEndLine(value: unknown, first: number, line: number): number | undefined {
    if (!isBlock(value)) return undefined;
    let start = first;
    const members = Array.isArray(value) ? value : Object.keys(value).map((key) => value[key]);
    for (const member of members) {
      const height = Array.isArray(value) ? this.height(member) : entryHeight(this, member);
      const end = start + height - 1;
      if (start === line) return end;
      if (line <= end) return this.nodeEndLine(member, Array.isArray(value) ? start : start + 1, line);
      start = end + 1;
    }
    return undefined;
  }

  /** The whole document: from its first character to the end of its last line. */
  private whole(file: string): Location {
    const endLine = this.height(this.root);
    let node: unknown = this.root;
    let column = 1;
    let width = 0;
    for (;;) {
      if (!isBlock(node)) {
        width = scalarText(node).length;
        break;
      }
      if (Array.isArray(node)) {
        const last = node[node.length - 1];
        column += 2;
        if (!isBlock(last)) {
          width = scalarText(last).length;
          break;
        }
        node = last;
        continue;
      }
      const keys = Object.keys(node);
      const key = keys[keys.length - 1]!;
      const last = node[key];
      if (!isBlock(last)) {
        width = scalarText(key).length + 2 + scalarText(last).length;
        break;
      }
      node = last;
      column += 2;
    }
    return { file, startLine: 1, startColumn: 1, endLine, endColumn: column + width };
  }
}

function entryHeight(layout: Layout, value: unknown): number {
  return isBlock(value) ? 1 + layout.height(value) : 1;
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** A collection written below its key; empty ones are written inline as `{}` and `[]`. */
function isBlock(value: unknown): value is Record<string, unknown> | unknown[] {
  return isCollection(value) && (Array.isArray(value) ? value.length > 0 : hasKeys(value));
}

function hasKeys(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

/** Width of the first line of a collection written as a list item, from the item's first character. */
function firstLineWidth(value: Record<string, unknown> | unknown[]): number {
  if (!isBlock(value)) return 2;
  if (Array.isArray(value)) return 2 + (isBlock(value[0]) ? firstLineWidth(value[0] as Record<string, unknown> | unknown[]) : scalarText(value[0]).length);
  const key = Object.keys(value)[0]!;
  const first = value[key];
  return scalarText(key).length + (isBlock(first) ? 1 : 2 + scalarText(first).length);
}

/** The object in block YAML, in the layout `locate` computes positions for. */
function writeBlock(value: unknown): string {
  const lines: string[] = [];
  const write = (node: unknown, indent: string, lead: string): void => {
    if (!isBlock(node)) {
      lines.push(lead + scalarText(node));
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => write(item, `${indent}  `, `${i === 0 ? lead : indent}- `));
      return;
    }
    Object.keys(node).forEach((key, i) => {
      const prefix = `${i === 0 ? lead : indent}${scalarText(key)}:`;
      const member = node[key];
      if (isBlock(member)) {
        lines.push(prefix);
        write(member, `${indent}  `, `${indent}  `);
      } else lines.push(`${prefix} ${scalarText(member)}`);
    });
  };
  write(value, '', '');
  return `${lines.join('\n')}\n`;
}

/** Words that YAML 1.1 or 1.2 read as something other than a string. */
const RESERVED = /^(?:null|true|false|yes|no|on|off|y|n)$/i;
/** Plain scalars that cannot be read as anything but this string, on one line. */
const PLAIN = /^[A-Za-z_/][\w./@+-]*(?::[\w./@+-]+)*$/;
/** Characters YAML does not allow unescaped in a double-quoted scalar, beyond those JSON escapes. */
const UNPRINTABLE = /[\u007f-\u009f\ufeff\ufffe\uffff]/g;

/** A scalar or empty collection as one line of YAML: plain where unambiguous, else a JSON string (valid YAML). */
function scalarText(value: unknown): string {
  if (typeof value === 'string') {
    if (PLAIN.test(value) && !RESERVED.test(value)) return value;
    return JSON.stringify(value).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object' && value !== null) return '{}';
  return 'null';
}
