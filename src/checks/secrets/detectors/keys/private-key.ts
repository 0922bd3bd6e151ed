import { parsesAsPrivateKey } from '../checksum.js';
import type { SecretDetector } from '../../types.js';
import { canonicalPem, isLegacyEncrypted, keyRemediation, parsePemBody, pemBlockSource } from './pem.js';

export const privateKey: SecretDetector = {
  id: 'private-key',
  title: 'Private key (PEM)',
  severity: 'critical',
  keywords: ['private key-----'],
  pattern: new RegExp(pemBlockSource(['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'PRIVATE KEY'], 16384)),
  maxMatchLength: 16384,
  keepPlaceholders: true,
  // Only a body OpenSSL loads counts: truncated keys in docs and test fixtures with `...` do not.
  validate: (secret, match) => {
    const body = parsePemBody(secret);
    if (!body || isLegacyEncrypted(body)) return false;
    return parsesAsPrivateKey(canonicalPem(match.groups!['label']!, body));
  },
  remediation: keyRemediation('revoke every certificate issued for it, replace the key wherever it is trusted,'),
  references: ['https://www.rfc-editor.org/rfc/rfc7468'],
  aliases: { gitleaks: ['private-key'], trufflehog: ['PrivateKey'] },
};
