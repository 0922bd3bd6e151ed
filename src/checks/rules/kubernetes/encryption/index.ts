import type { KubernetesRule } from '../rule.js';
import { encryptionAescbcWriteKey } from './aescbc-write-key.js';
import { encryptionAesgcmWriteKey } from './aesgcm-write-key.js';
import { encryptionConfigInvalid } from './config-invalid.js';
import { encryptionIdentityFirst } from './identity-first.js';
import { encryptionKmsV1 } from './kms-v1.js';
import { encryptionSecretsNotCovered } from './secrets-not-covered.js';

/** Rules over the API server's EncryptionConfiguration (the file's permissions: config-permissions.ts). */
export const encryptionRules: KubernetesRule[] = [
  encryptionConfigInvalid,
  encryptionIdentityFirst,
  encryptionSecretsNotCovered,
  encryptionAesgcmWriteKey,
  encryptionKmsV1,
  encryptionAescbcWriteKey,
];
