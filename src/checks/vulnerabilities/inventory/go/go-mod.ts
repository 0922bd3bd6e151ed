import { baseName, ResultBuilder, splitLines } from '../lines.js';
import { goModulePackage } from './go-package.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';

interface Requirement {
  path: string;
  version: string;
  line: number;
}

interface Replacement {
  oldVersion?: string;
  newPath: string;
  newVersion?: string;
}

function unquote(token: string): string {
  return token.startsWith('"') && token.endsWith('"') && token.length >= 2 ? token.slice(1, -1) : token;
}

/** `old [v] => new [v]`; a replacement without a version is a local directory. */
function parseReplace(spec: string): { oldPath: string; replacement: Replacement } | undefined {
  const [left, right] = spec.split('=>').map((side) => side.trim().split(/\s+/).filter(Boolean).map(unquote));
  if (!left || !right || left.length < 1 || left.length > 2 || right.length < 1 || right.length > 2) return undefined;
  const replacement: Replacement = { newPath: right[0]! };
  if (left[1]) replacement.oldVersion = left[1];
  if (right[1]) replacement.newVersion = right[1];
  return { oldPath: left[0]!, replacement };
}

/** OSV's Go records write versions without the leading `v`; the purl keeps Go's own spelling. */
export const goModExtractor: Extractor = {
  name: 'go/go-mod',
  matches: (path) => baseName(path) === 'go.mod',
  extract({ path: file, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    const requires: Requirement[] = [];
    const replaces = new Map<string, Replacement[]>();
    let block: string | undefined;
    // cmd/go refuses a go.mod without one; its absence means this is not a go.mod or it was cut short.
    let hasModule = false;
    splitLines(text).forEach((raw, index) => {
      const line = index + 1;
      const content = raw.replace(/\/\/.*$/, '').trim();
      if (content === '') return;
      if (block !== undefined && content === ')') {
        block = undefined;
        return;
      }
      let verb = block;
      let rest = content;
      if (verb === undefined) {
        const match = /^(\w+)\s*(.*)$/.exec(content);
        if (!match) {
          builder.error(`not a go.mod directive: ${content.slice(0, 80)}`, line);
          return;
        }
        verb = match[1]!;
        rest = match[2]!;
        if (rest === '(') {
          block = verb;
          return;
        }
      }
      if (verb === 'module') hasModule = true;
      else if (verb === 'require') {
        const [modulePath, version, extra] = rest.split(/\s+/).map(unquote);
        if (!modulePath || !version || extra !== undefined) builder.error(`malformed require: ${content}`, line);
        else requires.push({ path: modulePath, version, line });
      } else if (verb === 'replace') {
        const parsed = parseReplace(rest);
        if (!parsed) builder.error(`malformed replace: ${content}`, line);
        else replaces.set(parsed.oldPath, [...(replaces.get(parsed.oldPath) ?? []), parsed.replacement]);
      }
    });
    if (block !== undefined) builder.error(`unterminated ${block} block`);
    if (!hasModule) builder.error('no module directive: not a go.mod, or a truncated one');
    for (const requirement of requires) {
      // A version-specific replace wins over a path-wide one, as in cmd/go.
      const candidates = replaces.get(requirement.path) ?? [];
      const replacement =
        candidates.find((r) => r.oldVersion === requirement.version) ?? candidates.find((r) => r.oldVersion === undefined);
      if (!replacement) {
        builder.add(goModulePackage(requirement.path, requirement.version, file));
      } else if (replacement.newVersion) {
        builder.add(goModulePackage(replacement.newPath, replacement.newVersion, file));
      }
      // Replaced by a local directory: the code is the user's own, no module version to match.
    }
    return builder.result();
  },
};
