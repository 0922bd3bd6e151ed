import type { RuleMeta } from '../../../../core/rule.js';
import { isEncryptionConfig, readEncryptionConfig, type EncryptionConfig } from '../../../../parsers/encryption-config/config.js';
import type { KubernetesObject } from '../../../../parsers/kubernetes/objects.js';
import { defineKubernetesRule, type KubernetesRule, type KubernetesRuleContext } from '../rule.js';

export const ENCRYPTION_DOCS = 'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/';

/** Read once per object, not once per rule (the same one-slot cache as pod templates). */
let lastObject: KubernetesObject | undefined;
let lastConfig: EncryptionConfig | undefined;
function configOf(object: KubernetesObject): EncryptionConfig {
  if (object !== lastObject) {
    lastConfig = readEncryptionConfig(object.raw);
    lastObject = object;
  }
  return lastConfig!;
}

/** A rule over the API server's EncryptionConfiguration, wherever one is scanned (`encryption validate`, `scan`). */
export function defineEncryptionRule(definition: { meta: RuleMeta; check(config: EncryptionConfig, context: KubernetesRuleContext): void }): KubernetesRule {
  return defineKubernetesRule({
    meta: definition.meta,
    check(context) {
      if (isEncryptionConfig(context.object.raw)) definition.check(configOf(context.object), context);
    },
  });
}
