/**
 * Inline suppressions. One grammar serves comments (`# rampart:ignore RULE[,RULE] reason`) and the
 * `rampart.io/ignore` annotation (`RULE[,RULE]: reason`), so users learn it once.
 */
export interface IgnoreSpec {
  ruleIds: string[];
  reason: string;
}

export interface IgnoreDirective extends IgnoreSpec {
  /** Line of the comment itself. */
  line: number;
  /** The lines whose findings it suppresses (inclusive). */
  fromLine: number;
  toLine: number;
}

const COMMENT_PATTERN = /^\s*rampart:ignore\s+(.*)$/;

export function parseIgnoreComment(comment: string): IgnoreSpec | undefined {
  const match = COMMENT_PATTERN.exec(comment);
  return match ? parseIgnoreSpec(match[1]!) : undefined;
}

/** `RULE[,RULE][:] reason`; a rule ID of `*` matches every rule. Rule IDs may contain colons. */
export function parseIgnoreSpec(text: string): IgnoreSpec | undefined {
  // Spaces around the commas of the rule list are allowed; those in the reason are the user's words and stay.
  const match = /^\s*([^\s,]+(?:\s*,\s*[^\s,]+)*)\s*(.*)$/s.exec(text);
  if (!match) return undefined;
  const ruleIds = match[1]!.replace(/:$/, '').split(/\s*,\s*/).filter(Boolean);
  if (ruleIds.length === 0) return undefined;
  return { ruleIds, reason: match[2]!.trim() };
}

export function ignoreMatches(spec: IgnoreSpec, ruleId: string, aliases: readonly string[] = []): boolean {
  return spec.ruleIds.some((pattern) => ruleReferenceMatches(pattern, ruleId, aliases));
}

/**
 * Whether a rule named by the user (`pattern`) covers a finding of `ruleId`: the ID itself or any alias (former IDs
 * included), `*` for every rule, and `secret/*` for every rule of a family. `secret:*` is the family wildcard's former
 * spelling, from when secret rule IDs were `secret:<id>`, and is accepted for any family.
 */
export function ruleReferenceMatches(pattern: string, ruleId: string, aliases: readonly string[] = []): boolean {
  if (pattern === '*' || pattern === ruleId || aliases.includes(pattern)) return true;
  const family = /^([a-z0-9]+)[/:]\*$/.exec(pattern)?.[1];
  return family !== undefined && ruleId.startsWith(`${family}/`);
}
