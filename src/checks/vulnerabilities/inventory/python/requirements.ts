import { baseName, ResultBuilder, splitLines } from '../lines.js';
import type { Extractor, ExtractResult, TextInput } from '../../../../core/package.js';
import { pythonPackage } from './python-package.js';

/**
 * `name[extras] == 1.2.3` (or `===`). The version is limited to the characters a PEP 440 or arbitrary-equality version
 * can hold, so a wildcard (`==1.*`, a range), a second clause (`==1.0,<2`) or an unexpanded `${VAR}` is not a pin.
 */
const PIN = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9][A-Za-z0-9._+!-]*)$/;

/** PEP 508: a name, optional extras, then the end or what may follow a name (a specifier, `@ url`, `;` markers). */
const REQUIREMENT = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?\s*(?:\[[^\]]*\]\s*)?(?:$|[<>=!~;@(])/;

/** What pip installs from a URL or a path: a scheme, a path start, or a path to an archive. */
const LOCATION = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|[.~/\\]|[A-Za-z]:[/\\])|^[^<>\s]*[/\\][^<>\s]*\.(?:whl|zip|tar|tgz|tar\.(?:gz|bz2|xz))(?:#\S*)?$/;

/** pip's COMMENT_RE: `#` starts a comment at line start or after whitespace (URLs carry `#egg=` fragments). */
const COMMENT = /(^|\s+)#.*$/;

/**
 * pip's `join_lines`: a line ending in `\` continues on the next, joined with nothing in between, unless the line is a
 * comment; comments are stripped after joining. Each logical line keeps the number of the line it started on.
 */
function logicalLines(text: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let pending: { line: number; text: string } | undefined;
  splitLines(text).forEach((raw, index) => {
    const isComment = /^\s*#/.test(raw);
    if (raw.endsWith('\\') && !isComment) {
      pending = { line: pending?.line ?? index + 1, text: (pending?.text ?? '') + raw.replace(/\\+$/, '') };
      return;
    }
    out.push({ line: pending?.line ?? index + 1, text: (pending?.text ?? '') + (isComment ? ` ${raw}` : raw) });
    pending = undefined;
  });
  if (pending) out.push(pending);
  return out.map(({ line, text: joined }) => ({ line, text: joined.replace(COMMENT, '').trim() }));
}

/**
 * pip's `break_args_options`: the requirement ends at the first word that starts with `-`; what follows are
 * per-requirement options (`--hash`, `-C`/`--config-settings`, `--global-option`), whatever their spelling.
 */
function requirementPart(line: string): string {
  const words = line.split(/[ \t]+/);
  const firstOption = words.findIndex((word) => word.startsWith('-'));
  return (firstOption === -1 ? words : words.slice(0, firstOption)).join(' ');
}

export const requirementsExtractor: Extractor = {
  name: 'python/requirements',
  matches(path) {
    const base = baseName(path);
    return /^requirements.*\.txt$/.test(base) || (path.split('/').at(-2) === 'requirements' && base.endsWith('.txt'));
  },
  extract({ path, text }: TextInput): ExtractResult {
    const builder = new ResultBuilder();
    for (const { line, text: content } of logicalLines(text)) {
      // Options, includes (-r/-c) and editables (-e) name no installed release.
      if (content === '' || content.startsWith('-')) continue;
      // Environment markers follow `;` and say nothing about the version.
      const spec = requirementPart(content).split(';')[0]!.trim();
      const match = PIN.exec(spec);
      if (match) builder.add(pythonPackage(match[1]!, match[2]!, path));
      // pip refuses the whole file over a line that is no requirement (an HTML error page, a conflict marker).
      // Archive URLs and local paths (`./dist/app.whl`, `https://host/pkg.tar.gz`) are valid lines but no PyPI release.
      else if (LOCATION.test(spec)) builder.skip(`not a PyPI release: ${spec.slice(0, 80)}`, line);
      else if (!REQUIREMENT.test(spec)) builder.error(`not a requirement: ${spec.slice(0, 80)}`, line);
      else builder.skip(`not pinned with ==: ${spec.slice(0, 80)}`, line);
    }
    return builder.result();
  },
};
