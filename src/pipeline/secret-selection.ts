import { secretRules, type SecretRule } from '../checks/rules/secrets/index.js';
import type { RuleConfig } from '../config/config.js';
import { configuredRules, resolveReferenceIn, ruleOverrides } from './rule-references.js';
import type { RuleSelection } from './rule-selection.js';
import { UnknownRuleError } from './unknown-rule-error.js';

/** Users' policies (`policy/...`): known only once loaded, and run by no secrets-only scan. */
export function isPolicyReference(reference: string): boolean {
  return /^policy[/:]/.test(reference);
}

/**
 * Of `references`, those no rule of any family answers to (users' policies aside). A reference to a secret rule is
 * settled without the other families' rules, which load only when one names none of the secret rules: a `rampart.yaml`
 * that configures only secret rules, or none, costs a pre-commit run none of them.
 */
export async function unknownRuleReferences(references: readonly string[], secretsKnown: ReadonlyArray<{ meta: SecretRule['meta'] }> = secretRules): Promise<string[]> {
  const others = references.filter((reference) => !isPolicyReference(reference) && resolveReferenceIn(reference, secretsKnown).length === 0);
  if (others.length === 0) return [];
  const { allRules } = await import('./rule-selection.js');
  const every = allRules();
  return others.filter((reference) => resolveReferenceIn(reference, every).length === 0);
}

/**
 * The configured secret rules and nothing else, for scans whose only check is the secret search (the `secrets`
 * command, its pre-commit hook): the report's rule catalogue lists only what ran. A name no rule answers to is an
 * error, as for selectRules. The same answers as selectRules' secret part, since no alias names a secret rule and another.
 */
export async function selectSecretRules(ruleConfig: Record<string, RuleConfig>, customSecrets: readonly SecretRule[] = []): Promise<RuleSelection> {
  const known = [...secretRules, ...customSecrets];
  const { overrides, unresolved } = ruleOverrides(ruleConfig, known);
  const [unknown] = await unknownRuleReferences(unresolved, known);
  if (unknown !== undefined) throw new UnknownRuleError(unknown);
  const { enabled, severityOf, isEnabled, metasOf } = configuredRules(overrides, known);
  const secret = known.filter((rule) => enabled(rule.meta));
  return { kubernetes: [], kubernetesSet: [], dockerfile: [], image: [], secret, metas: metasOf(secret), severityOf, isEnabled };
}
