import { coversResource } from '../../../../parsers/encryption-config/config.js';
import { defineEncryptionRule, ENCRYPTION_DOCS } from './rule.js';

export const encryptionSecretsNotCovered = defineEncryptionRule({
  meta: {
    id: 'k8s/encryption-secrets-not-covered',
    title: 'EncryptionConfiguration does not cover Secrets',
    severity: 'high',
    target: 'kubernetes',
    sensitive: true,
    rationale:
      'The API server encrypts only the resources a group names; everything else is stored in etcd as plaintext. Secrets ' +
      'are the reason encryption at rest exists, so a configuration that leaves them out protects nothing that matters.',
    remediation: 'Add `secrets` to the `resources` list of a group whose first provider encrypts.',
    references: { cis: ['CIS Kubernetes 1.2.28'], urls: [ENCRYPTION_DOCS] },
    aliases: {},
  },
  check(config, context) {
    if (config.groups.length === 0 || config.groups.some((g) => coversResource(g, 'secrets'))) return;
    context.report({ path: ['resources'], message: 'no resource group names secrets (or *.*): Secrets are stored in plaintext' });
  },
});
