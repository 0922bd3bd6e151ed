import type { ExtractError, ExtractResult, Package } from '../../../core/package.js';

/** Collector shared by the extractors so every one reports the same shape and never throws. */
export class ResultBuilder {
  readonly packages: Package[] = [];
  readonly errors: ExtractError[] = [];
  readonly skipped: ExtractError[] = [];
  private readonly seen = new Set<string>();

  /** Lockfiles list the same package under several dependents; keep the first occurrence of each key. */
  add(pkg: Package, key = `${pkg.name}@${pkg.version}@${pkg.arch ?? ''}`): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.packages.push(pkg);
  }

  error(message: string, line?: number): void {
    this.errors.push(line === undefined ? { message } : { line, message });
  }

  skip(message: string, line?: number): void {
    this.skipped.push(line === undefined ? { message } : { line, message });
  }

  result(): ExtractResult {
    // Stanza-level errors are found after line-level ones; report in file order.
    const byLine = (a: ExtractError, b: ExtractError) => (a.line ?? Infinity) - (b.line ?? Infinity);
    const result: ExtractResult = { packages: this.packages, errors: [...this.errors].sort(byLine) };
    if (this.skipped.length > 0) result.skipped = this.skipped;
    return result;
  }
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Lockfiles vendored inside installed dependencies describe those dependencies' own builds, not what is installed. */
export function insideNodeModules(path: string): boolean {
  return path.startsWith('node_modules/') || path.includes('/node_modules/');
}

/** Splits text into lines without keeping `\r`, so CRLF files parse like LF ones. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * Formats whose tool always writes something (a header, a version, the project itself): an empty file is one cut
 * short, never a project without dependencies. Reports it and returns false.
 */
export function hasContent(text: string, builder: ResultBuilder): boolean {
  if (text.trim() !== '') return true;
  builder.error('empty file: the lockfile is truncated or was never written');
  return false;
}

export function parseJson(text: string, builder: ResultBuilder): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    builder.error(`invalid JSON: ${(err as Error).message}`);
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Deb822-style stanzas (dpkg status, apk installed): blank-line separated blocks of `Key: value` lines. */
export interface Stanza {
  line: number;
  fields: Map<string, string>;
}

/**
 * dpkg continuation lines start with whitespace and belong to the previous field. apk has no continuations, so there a
 * leading space is a malformed line rather than data to fold in.
 */
export function readStanzas(text: string, builder: ResultBuilder, allowContinuation: boolean): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let lastKey: string | undefined;
  splitLines(text).forEach((raw, index) => {
    const lineNo = index + 1;
    if (raw.trim() === '') {
      if (current) stanzas.push(current);
      current = undefined;
      lastKey = undefined;
      return;
    }
    if (allowContinuation && (raw.startsWith(' ') || raw.startsWith('\t'))) {
      if (current && lastKey !== undefined) {
        current.fields.set(lastKey, `${current.fields.get(lastKey) ?? ''}\n${raw.trim()}`);
      } else {
        builder.error('continuation line outside a field', lineNo);
      }
      return;
    }
    const colon = raw.indexOf(':');
    if (colon <= 0) {
      builder.error(`malformed line: ${raw.slice(0, 80)}`, lineNo);
      return;
    }
    current ??= { line: lineNo, fields: new Map() };
    lastKey = raw.slice(0, colon);
    current.fields.set(lastKey, raw.slice(colon + 1).trim());
  });
  if (current) stanzas.push(current);
  return stanzas;
}
