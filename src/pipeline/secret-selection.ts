import { secretRules, type SecretRule } from '../checks/rules/secrets/index.js';
import type { RuleConfig } from '../config/config.js';
import { configuredRules, resolveReferenceIn, ruleOverrides } from './rule-references.js';
import type { RuleSelection } from './rule-selection.js';
import { UnknownRuleError } from './unknown-rule-error.js';

/** Users' policies: a `secrets` command runs none, and `rampart.yaml` may still configure them. */
const POLICY_REFERENCE = /^policy[/:]/;

/**
 * The configured secret rules and nothing else, for scans whose only check is the secret search (the `secrets`
 * command, its pre-commit hook): the report's rule catalogue lists only what ran. The other families' rules load only
 * when the config names a rule that is not a secret rule, to tell a rule of theirs from a typo; a pre-commit run pays
 * for none of them. The same answers as selectRules' secret part, since no alias names a secret rule and another.
 */
export async function selectSecretRules(ruleConfig: Record<string, RuleConfig>, customSecrets: readonly SecretRule[] = []): Promise<RuleSelection> {
  const known = [...secretRules, ...customSecrets];
  const { overrides, unresolved } = ruleOverrides(ruleConfig, known);
  const others = unresolved.filter((reference) => !POLICY_REFERENCE.test(reference));
  if (others.length > 0) {
    const { allRules } = await import('./rule-selection.js');
    const every = allRules();
    const unknown = others.find((reference) => resolveReferenceIn(reference, every).length === 0);
    if (unknown !== undefined) throw new UnknownRuleError(unknown);
  }
  const { enabled, severityOf, isEnabled, metasOf } = configuredRules(overrides, known);
  const secret = known.filter((rule) => enabled(rule.meta));
  return { kubernetes: [], kubernetesSet: [], dockerfile: [], image: [], secret, metas: metasOf(secret), severityOf, isEnabled };
}
