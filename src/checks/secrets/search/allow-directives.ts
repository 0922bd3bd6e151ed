import { parseIgnoreSpec, ruleReferenceMatches, type IgnoreDirective } from '../../../core/ignore-directive.js';

const MARKER = 'rampart:allow';
/** `secret/<id>`, and `secret:<id>`: the rule IDs' spelling before they took the `<family>/<name>` grammar. */
const SECRET_RULE = /^secret[/:](\*|[a-z0-9]+(-[a-z0-9]+)*)$/;

/**
 * `rampart:allow secret/<id>[,secret/<id>] <reason>` or `rampart:allow secret/* <reason>` anywhere on a line (after
 * any comment syntax: `#`, `//`, `<!--`, `--`): covers that line and the next, so it can trail the secret or sit above
 * it. Returned rather than applied, so callers mark findings suppressed (kind `inline`) with the reason.
 */
export function allowDirectivesOf(text: string): IgnoreDirective[] {
  const directives: IgnoreDirective[] = [];
  let line = 1;
  let counted = 0;
  for (let at = text.indexOf(MARKER); at !== -1; at = text.indexOf(MARKER, at + MARKER.length)) {
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) {
      line++;
      counted = nl + 1;
    }
    const lineEnd = text.indexOf('\n', at);
    const rest = text.slice(at + MARKER.length, lineEnd === -1 ? text.length : lineEnd);
    if (!/^\s/.test(rest)) continue;
    const spec = parseIgnoreSpec(rest.replace(/\s*(?:-->|\*\/)\s*$/, ''));
    if (!spec || !spec.ruleIds.every((id) => SECRET_RULE.test(id))) continue;
    directives.push({ ...spec, line, fromLine: line, toLine: line + 1 });
  }
  return directives;
}

/** The directive that allows a finding of the rule `ruleId` (or one of its `formerIds`) on `line`, if any. */
export function allowDirectiveFor(directives: readonly IgnoreDirective[], ruleId: string, formerIds: readonly string[], line: number): IgnoreDirective | undefined {
  return directives.find(
    (d) => d.fromLine <= line && line <= d.toLine && d.ruleIds.some((pattern) => ruleReferenceMatches(pattern, ruleId, formerIds)),
  );
}
