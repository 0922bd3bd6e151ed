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

/** `*` matches every rule, `secret:*` (any `family:*`) every rule of that family. */
export function ignoreMatches(spec: IgnoreSpec, ruleId: string, aliases: readonly string[] = []): boolean {
  return spec.ruleIds.some((id) => id === '*' || id === ruleId || aliases.includes(id) || (id.endsWith(':*') && ruleId.startsWith(id.slice(0, -1))));
}
