import { hasContent, ResultBuilder, splitLines } from './lines.js';

/** One `[[name]]` array-of-tables entry: its top-level `key = value` pairs, values as raw TOML text. */
export interface TomlTable {
  line: number;
  values: Map<string, string>;
}

/** `[table]`, `[[array.of.tables]]`, `["quoted key"]`, with an optional comment. */
const TABLE_HEADER = /^\[\[?\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*\s*\]\]?\s*(?:#.*)?$/;

/**
 * Just enough TOML for lockfiles (poetry.lock, uv.lock, Cargo.lock): collects the top-level keys of each `[[name]]`
 * table. Sub-tables (`[package.extras]`, `[[package.wheels]]`) end the collection, and values spanning lines
 * (multi-line arrays and strings) are skipped as a whole, so their inner lines are never mistaken for keys.
 */
export function readArrayTables(text: string, tableName: string, builder: ResultBuilder): TomlTable[] {
  const tables: TomlTable[] = [];
  if (!hasContent(text, builder)) return tables;
  let current: TomlTable | undefined;
  let depth = 0;
  let inMultilineString = false;
  // Where the value still open at the end of the file began: a truncated file, whose last tables are incomplete.
  let openedAt = 0;
  splitLines(text).forEach((raw, index) => {
    const line = index + 1;
    if (inMultilineString) {
      if ((raw.match(/"""/g) ?? []).length % 2 === 1) inMultilineString = false;
      return;
    }
    if (depth > 0) {
      depth += bracketBalance(raw);
      return;
    }
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed.startsWith('[')) {
      if (!TABLE_HEADER.test(trimmed)) {
        builder.error(`unreadable TOML table header: ${trimmed.slice(0, 80)}`, line);
        current = undefined;
        return;
      }
      current = trimmed === `[[${tableName}]]` ? { line, values: new Map() } : undefined;
      if (current) tables.push(current);
      return;
    }
    const match = /^([A-Za-z0-9_-]+|"[^"]*")\s*=\s*(.*)$/.exec(trimmed);
    if (!match) {
      builder.error(`unreadable TOML line: ${trimmed.slice(0, 80)}`, line);
      return;
    }
    const value = match[2]!;
    if ((value.match(/"""/g) ?? []).length === 1) inMultilineString = true;
    else depth = Math.max(0, bracketBalance(value));
    if (inMultilineString || depth > 0) openedAt = line;
    current?.values.set(match[1]!.replace(/^"|"$/g, ''), value);
  });
  if (inMultilineString || depth > 0) builder.error('the file ends before the multi-line value opened here is closed: truncated?', openedAt);
  return tables;
}

/** Net `[`/`{` opened minus closed, ignoring brackets inside basic strings. */
function bracketBalance(text: string): number {
  let balance = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '#') break;
    else if (ch === '[' || ch === '{') balance++;
    else if (ch === ']' || ch === '}') balance--;
  }
  return balance;
}

/** The value of a `"basic"` or `'literal'` TOML string, or undefined for anything else. */
export function tomlString(raw: string | undefined): string | undefined {
  const match = raw === undefined ? null : /^(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*(?:#.*)?$/.exec(raw);
  if (!match) return undefined;
  return match[2] ?? match[1]!.replace(/\\(["\\])/g, '$1');
}

/** The `[[package]]` tables of a lockfile with their name and version; one missing either is reported and skipped. */
export function* packageTables(text: string, builder: ResultBuilder): Generator<{ name: string; version: string; table: TomlTable }> {
  for (const table of readArrayTables(text, 'package', builder)) {
    const name = tomlString(table.values.get('name'));
    const version = tomlString(table.values.get('version'));
    if (!name || !version) {
      builder.error(`[[package]] without ${name ? 'version' : 'name'}`, table.line);
      continue;
    }
    yield { name, version, table };
  }
}
