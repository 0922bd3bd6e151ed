import { defineEncryptionRule, ENCRYPTION_DOCS } from './rule.js';

export const encryptionAesgcmWriteKey = defineEncryptionRule({
  meta: {
    id: 'k8s/encryption-aesgcm-write-key',
    title: 'aesgcm encrypts writes without automatic key rotation',
    severity: 'medium',
    target: 'kubernetes',
    sensitive: true,
    rationale:
      'aesgcm draws a random 96-bit nonce for every write; after about 200,000 writes with one key the chance of a ' +
      'repeated nonce, which breaks both confidentiality and integrity, is no longer negligible. A static key in the ' +
      'file is never rotated automatically, so the upstream documentation advises against aesgcm unless keys are rotated.',
    remediation: 'Use kms v2 (automatic data keys) or secretbox; if aesgcm stays, rotate its key well before 200,000 writes with `rampart encryption rotate`.',
    references: { urls: [ENCRYPTION_DOCS] },
    aliases: {},
  },
  check(config, context) {
    for (const group of config.groups) {
      const first = group.providers[0];
      if (first?.type === 'aesgcm') context.report({ path: first.path, message: `aesgcm encrypts ${group.resources.join(', ')}: rotate its key before 200,000 writes, or use kms v2 or secretbox` });
    }
  },
});
