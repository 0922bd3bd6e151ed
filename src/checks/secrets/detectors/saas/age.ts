import type { SecretDetector } from '../../types.js';
import { isValidBech32 } from './bech32.js';

export const ageSecretKey: SecretDetector = {
  id: 'age-secret-key',
  title: 'age encryption identity (secret key)',
  severity: 'high',
  keywords: ['age-secret-key-1'],
  pattern: /(?<![A-Za-z0-9-])(?<secret>AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})(?![A-Za-z0-9])/,
  validate: (secret) => (isValidBech32(secret) ? 'checksum' : false),
  keepPlaceholders: true,
  remediation:
    'Generate a new identity with age-keygen, re-encrypt every file (and SOPS secret) for the new recipient, and remove the old recipient everywhere.',
  references: ['https://github.com/C2SP/C2SP/blob/main/age.md'],
  aliases: { gitleaks: ['age-secret-key'] },
};

export const AGE_DETECTORS = [ageSecretKey];
