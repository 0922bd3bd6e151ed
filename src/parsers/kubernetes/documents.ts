import type { ScanError } from '../../core/finding.js';
import type { JsonPath } from '../../core/fix.js';
import { parseIgnoreComment, type IgnoreDirective } from '../../core/ignore-directive.js';
import { parseYamlFast } from './yaml-fast.js';
import { parseYamlAst } from './yaml-ast.js';
import type { Located, YamlDocument } from './yaml-document.js';

export type { Located, YamlDocument };

export interface ParsedYamlFile {
  file: string;
  text: string;
  documents: YamlDocument[];
  errors: ScanError[];
  ignoreDirectives: IgnoreDirective[];
}

/**
 * Parses for scanning. The fast path (js-yaml with a position index) handles well-formed files
 * without aliases, which is nearly all manifests; anything else takes the `yaml` library's full AST
 * path, which reports every broken document separately and caps alias expansion.
 */
export function parseYamlFile(file: string, text: string): ParsedYamlFile {
  const documents = parseYamlFast(file, text) ?? parseYamlAst(file, text);
  return { file, text, documents: documents.documents, errors: documents.errors, ignoreDirectives: collectIgnoreDirectives(text, documents.documents) };
}

/**
 * Whether a `.json` file is a Kubernetes manifest, whose parse errors are ours to report. One that
 * parsed is a manifest when it holds an object (`objectCount`). One that did not parse (truncated,
 * a duplicate key) is when its top-level object, as far as it can be read, has an `apiVersion` or
 * `kind` key: a broken manifest must fail the scan, never read as "0 resources". Any other JSON
 * (package.json, tsconfig.json, a JSON Schema that merely mentions those keys deeper down) is not
 * ours to judge, nor its syntax.
 */
export function isJsonManifest(parsed: Pick<ParsedYamlFile, 'text' | 'errors'>, objectCount: number): boolean {
  if (objectCount > 0) return true;
  if (parsed.errors.length === 0) return false;
  const keys = topLevelJsonKeys(parsed.text);
  return keys.has('apiVersion') || keys.has('kind');
}

/** The keys of a JSON text's top-level object, read lexically up to where the text breaks off. */
export function topLevelJsonKeys(text: string): Set<string> {
  const keys = new Set<string>();
  const start = text.search(/\S/);
  if (text[start] !== '{') return keys;
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (end >= text.length) break;
      let next = end + 1;
      while (/\s/.test(text[next] ?? '')) next++;
      if (depth === 1 && text[next] === ':') {
        try {
          keys.add(JSON.parse(text.slice(i, end + 1)) as string);
        } catch {
          // An invalid escape: not a key we could match anyway.
        }
      }
      i = end;
    }
    if (depth <= 0) break;
  }
  return keys;
}

export function locate(document: YamlDocument, path: JsonPath): Located {
  return document.locate(path);
}

/** Scopes each `# rampart:ignore` comment to the line it trails, the node below it, or its whole document. */
export function collectIgnoreDirectives(text: string, documents: YamlDocument[]): IgnoreDirective[] {
  if (!text.includes('rampart:ignore')) return [];
  const lines = text.split(/\r?\n/);
  const directives: IgnoreDirective[] = [];
  lines.forEach((line, i) => {
    const hashIndex = line.indexOf('#');
    if (hashIndex < 0) return;
    const parsed = parseIgnoreComment(line.slice(hashIndex + 1));
    if (!parsed) return;
    const lineNo = i + 1;
    if (line.slice(0, hashIndex).trim() !== '') {
      directives.push({ ...parsed, line: lineNo, fromLine: lineNo, toLine: lineNo });
      return;
    }
    let target = i + 1;
    while (target < lines.length && /^\s*(#.*)?$/.test(lines[target]!)) target++;
    const targetLine = target + 1;
    directives.push({ ...parsed, line: lineNo, fromLine: targetLine, toLine: spanOfNodeAt(documents, targetLine) ?? targetLine });
  });
  return directives;
}

function spanOfNodeAt(documents: YamlDocument[], line: number): number | undefined {
  for (const document of documents) {
    if (document.startLine === 0 || line > document.endLine) continue;
    if (line <= document.startLine) return document.endLine;
    return document.nodeEndLine(line);
  }
  return undefined;
}
