import { flattenAliases, RULE_ID_PATTERN, type RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/severity.js';
import type { RuleSettings } from '../core/settings.js';
import type { RuleConfig } from '../config/config.js';
import { UnknownRuleError } from './unknown-rule-error.js';
import { configuredRules, resolveReferenceIn, ruleOverrides } from './rule-references.js';
import { dockerfileRules } from '../checks/rules/dockerfile/index.js';
import type { DockerfileRule } from '../checks/rules/dockerfile/rule.js';
import { imageRules } from '../checks/rules/image/index.js';
import type { ImageRule } from '../checks/rules/image/rule.js';
import { imageTrustRules, type ImageTrustRule } from '../checks/rules/image-trust/index.js';
import { kubernetesRules, kubernetesSetRules } from '../checks/rules/kubernetes/index.js';
import { secretRules, type SecretRule } from '../checks/rules/secrets/index.js';
import type { KubernetesRule, KubernetesSetRule } from '../checks/rules/kubernetes/rule.js';
import { reportingBeyond } from '../checks/rules/kubernetes/pss/overrides.js';
import { nodeRules } from '../checks/rules/node/index.js';
import type { NodeRule } from '../checks/rules/node/rule.js';
import { encryptionConfigPermissions, type EncryptionFileRule } from '../checks/rules/kubernetes/encryption/config-permissions.js';

export interface RuleSelection {
  kubernetes: KubernetesRule[];
  kubernetesSet: KubernetesSetRule[];
  dockerfile: DockerfileRule[];
  image: ImageRule[];
  secret: SecretRule[];
  /** Metadata of the selected rules, with configured severities applied. */
  metas: RuleMeta[];
  /** `fallback`: the hit's own severity (a user policy's action), which the rule's configured severity overrides. */
  severityOf(ruleId: string, fallback?: Severity): Severity;
  /** Whether `rampart.yaml` (or the rule's default) leaves the rule on, for checks outside these lists (image trust). */
  isEnabled(ruleId: string): boolean;
}

export type AnyRule = KubernetesRule | KubernetesSetRule | DockerfileRule | ImageRule | SecretRule | ImageTrustRule | NodeRule | EncryptionFileRule;

export function allRules(): AnyRule[] {
  return [...kubernetesRules, ...kubernetesSetRules, ...dockerfileRules, ...imageRules, ...secretRules, ...imageTrustRules, ...nodeRules, encryptionConfigPermissions];
}

/**
 * Fails loudly on a malformed or reused rule ID (former IDs included), so such a rule can never ship; and on a peer's
 * alias that would make a reference ambiguous: one naming a rule's own ID, or one shared by a secret rule and a rule
 * of another family (secret scans resolve the config against the secret rules alone, pipeline/secret-selection.ts).
 */
export function validateRuleIds(rules: Array<{ meta: RuleMeta }> = allRules()): void {
  const seen = new Set<string>();
  for (const { meta } of rules) {
    for (const id of [meta.id, ...(meta.formerIds ?? [])]) {
      if (seen.has(id)) throw new Error(`duplicate rule ID ${id}`);
      seen.add(id);
    }
    if (!RULE_ID_PATTERN.test(meta.id)) throw new Error(`malformed rule ID ${meta.id}`);
  }
  const aliasFamily = new Map<string, boolean>();
  for (const { meta } of rules) {
    const secret = meta.target === 'secret';
    for (const alias of flattenAliases(meta.aliases)) {
      if (seen.has(alias)) throw new Error(`alias ${alias} of ${meta.id} is a rule ID`);
      if (aliasFamily.get(alias) === !secret) throw new Error(`alias ${alias} names a secret rule and a rule of another family`);
      aliasFamily.set(alias, secret);
    }
  }
}

/** A rule ID, former ID or peer's alias as the IDs of the built-in rules (or of `rules`) it names. */
export function resolveRuleReference(reference: string, rules: Array<{ meta: RuleMeta }> = allRules()): string[] {
  return resolveReferenceIn(reference, rules);
}

/**
 * `customSecrets`: detectors from `rampart.yaml`, selected and configured like the built-in ones. `policyRules`: users'
 * own policies (pipeline/policies.ts), known to the config, the catalog and `isEnabled`; their hits come from elsewhere.
 */
export function selectRules(
  ruleConfig: Record<string, RuleConfig>,
  settings: RuleSettings,
  customSecrets: readonly SecretRule[] = [],
  policyRules: ReadonlyArray<{ meta: RuleMeta }> = [],
): RuleSelection {
  const known: Array<{ meta: RuleMeta }> = customSecrets.length + policyRules.length > 0 ? [...allRules(), ...customSecrets, ...policyRules] : allRules();
  const { overrides, unresolved } = ruleOverrides(ruleConfig, known);
  if (unresolved.length > 0) throw new UnknownRuleError(unresolved[0]!);
  const { enabled, severityOf, isEnabled, metasOf } = configuredRules(overrides, known);

  const kubernetes = kubernetesRules.filter((rule) => enabled(rule.meta) && pssApplies(rule, settings));
  const byId = new Map(kubernetes.map((rule) => [rule.meta.id, rule]));
  const selectedKubernetes =
    settings.pss.level === 'restricted'
      ? kubernetes.map((rule) => {
          const overridden = (rule.pss?.versionFor(settings.pss.version)?.overrides ?? []).flatMap((id) => byId.get(id) ?? []);
          return overridden.length > 0 ? reportingBeyond(rule, overridden) : rule;
        })
      : kubernetes;
  const selectedDockerfile = dockerfileRules.filter((rule) => enabled(rule.meta));
  const selectedSet = kubernetesSetRules.filter((rule) => enabled(rule.meta));
  const selectedImage = imageRules.filter((rule) => enabled(rule.meta));
  const selectedSecret = [...secretRules, ...customSecrets].filter((rule) => enabled(rule.meta));
  const selectedPolicies = policyRules.filter((rule) => enabled(rule.meta));
  const metas = metasOf([...selectedKubernetes, ...selectedSet, ...selectedDockerfile, ...selectedImage, ...selectedSecret, ...selectedPolicies]);
  return { kubernetes: selectedKubernetes, kubernetesSet: selectedSet, dockerfile: selectedDockerfile, image: selectedImage, secret: selectedSecret, metas, severityOf, isEnabled };
}

function pssApplies(rule: KubernetesRule, settings: RuleSettings): boolean {
  if (!rule.pss) return true;
  if (settings.pss.level === 'off') return false;
  if (rule.pss.level === 'restricted' && settings.pss.level !== 'restricted') return false;
  return rule.pss.versionFor(settings.pss.version) !== undefined;
}
