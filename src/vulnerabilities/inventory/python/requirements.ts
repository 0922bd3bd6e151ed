import { baseName, ResultBuilder, splitLines } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../types.js';
import { pythonPackage } from './python-package.js';

/** `name[extras] == 1.2.3` (or `===`); a wildcard (`==1.*`) is a range, not a pin. */
const PIN = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*([^\s,*]+)$/;

/** Joins backslash continuations, keeping the number of the line each logical line started on. */
function logicalLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let pending: { line: number; text: string } | undefined;
  splitLines(text).forEach((raw, index) => {
    const continued = raw.endsWith('\\');
    const piece = continued ? raw.slice(0, -1) : raw;
    pending = pending ? { line: pending.line, text: `${pending.text} ${piece}` } : { line: index + 1, text: piece };
    if (!continued) {
      out.push(pending);
      pending = undefined;
    }
  });
  if (pending) out.push(pending);
  return out;
}

export const requirementsExtractor: Extractor = {
  name: 'python/requirements',
  matches(path) {
    const base = baseName(path);
    return /^requirements.*\.txt$/.test(base) || (path.split('/').at(-2) === 'requirements' && base.endsWith('.txt'));
  },
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    for (const { line, text: logical } of logicalLines(text)) {
      // pip treats `#` as a comment only at line start or after whitespace (URLs carry `#egg=` fragments).
      const content = logical.replace(/(^|\s)#.*$/, '').trim();
      // Options, includes (-r/-c) and editables (-e) name no installed release.
      if (content === '' || content.startsWith('-')) continue;
      // Environment markers and per-requirement options (--hash) say nothing about the version.
      const spec = content.split(';')[0]!.replace(/\s--\S+.*$/, '').trim();
      const match = PIN.exec(spec);
      if (match) builder.add(pythonPackage(match[1]!, match[2]!, path));
      else builder.skip(`not pinned with ==: ${spec.slice(0, 80)}`, line);
    }
    return builder.result();
  },
};
