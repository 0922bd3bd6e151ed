import { defineEncryptionRule, ENCRYPTION_DOCS } from './rule.js';

export const encryptionIdentityFirst = defineEncryptionRule({
  meta: {
    id: 'k8s/encryption-identity-first',
    title: 'identity is the first provider: nothing is encrypted',
    severity: 'high',
    target: 'kubernetes',
    sensitive: true,
    rationale:
      'The first provider of a resource group encrypts every write. With `identity` first, Secrets are written to etcd ' +
      'in plaintext although an encryption provider is configured, so anyone with a copy of etcd or its backups reads them.',
    remediation: 'Move the encrypting provider (kms v2, secretbox, aescbc) first and keep `identity` last, so data written before stays readable.',
    references: { cis: ['CIS Kubernetes 1.2.28'], urls: [ENCRYPTION_DOCS] },
    aliases: {},
  },
  check(config, context) {
    for (const group of config.groups) {
      const first = group.providers[0];
      if (first?.type !== 'identity') continue;
      context.report({ path: first.path, message: `identity is the first provider for ${group.resources.join(', ')}: they are written to etcd unencrypted` });
    }
  },
});
