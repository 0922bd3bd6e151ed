import { flattenAliases, type RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/severity.js';
import type { RuleConfig } from '../config/config.js';

/**
 * The IDs of `rules` a reference names: a rule's ID or former ID (`secret:github-pat`) first, else every rule a peer's
 * alias (CKV_K8S_16, DL3002...) maps to, so configs written for an older release or migrated from peers keep working.
 */
export function resolveReferenceIn(reference: string, rules: ReadonlyArray<{ meta: RuleMeta }>): string[] {
  const direct = rules.find((r) => r.meta.id === reference || r.meta.formerIds?.includes(reference));
  if (direct) return [direct.meta.id];
  return rules.filter((r) => flattenAliases(r.meta.aliases).includes(reference)).map((r) => r.meta.id);
}

/** The configured settings by rule ID, merged over every reference to the same rule, and the references no rule of `rules` answers to. */
export function ruleOverrides(ruleConfig: Record<string, RuleConfig>, rules: ReadonlyArray<{ meta: RuleMeta }>): { overrides: Map<string, RuleConfig>; unresolved: string[] } {
  const overrides = new Map<string, RuleConfig>();
  const unresolved: string[] = [];
  for (const [reference, config] of Object.entries(ruleConfig)) {
    const ids = resolveReferenceIn(reference, rules);
    if (ids.length === 0) unresolved.push(reference);
    for (const id of ids) overrides.set(id, { ...overrides.get(id), ...config });
  }
  return { overrides, unresolved };
}

/** What a selection answers about the `known` rules once the config's overrides are applied. */
export function configuredRules(overrides: ReadonlyMap<string, RuleConfig>, known: ReadonlyArray<{ meta: RuleMeta }>) {
  const enabled = (meta: RuleMeta): boolean => overrides.get(meta.id)?.enabled ?? meta.defaultEnabled ?? true;
  const defaults = new Map(known.map((r) => [r.meta.id, r.meta]));
  const severityOf = (id: string, fallback?: Severity): Severity => overrides.get(id)?.severity ?? fallback ?? defaults.get(id)?.severity ?? 'medium';
  const isEnabled = (id: string): boolean => {
    const meta = defaults.get(id);
    return meta !== undefined && enabled(meta);
  };
  /** The metadata of the selected rules, in their order, with configured severities applied. */
  const metasOf = (rules: ReadonlyArray<{ meta: RuleMeta }>): RuleMeta[] => rules.map((r) => ({ ...r.meta, severity: severityOf(r.meta.id) }));
  return { enabled, severityOf, isEnabled, metasOf };
}
