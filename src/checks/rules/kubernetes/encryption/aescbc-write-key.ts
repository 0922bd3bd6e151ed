import { defineEncryptionRule, ENCRYPTION_DOCS } from './rule.js';

export const encryptionAescbcWriteKey = defineEncryptionRule({
  meta: {
    id: 'k8s/encryption-aescbc-write-key',
    title: 'aescbc encrypts writes: secretbox or kms v2 are the stronger choices',
    severity: 'info',
    target: 'kubernetes',
    sensitive: true,
    rationale:
      'aescbc is unauthenticated CBC, open to padding-oracle attacks by whoever can write to etcd; secretbox ' +
      '(XSalsa20-Poly1305) is authenticated, and kms v2 also keeps the key off the control-plane disk. aescbc remains ' +
      'the most widely supported choice, so this is guidance, not a failure.',
    remediation: 'Prefer kms v2 where a KMS is available, else secretbox (`rampart encryption init --provider secretbox`).',
    references: { urls: [ENCRYPTION_DOCS] },
    aliases: {},
  },
  check(config, context) {
    for (const group of config.groups) {
      const first = group.providers[0];
      if (first?.type === 'aescbc') context.report({ path: first.path, message: `aescbc encrypts ${group.resources.join(', ')}; secretbox or kms v2 authenticate the ciphertext` });
    }
  },
});
