import type { SecretDetector } from '../../types.js';
import { opensshCipher } from './openssh.js';
import { isDerSequence, isLegacyEncrypted, keyRemediation, parsePemBody, pemBlockSource } from './pem.js';

/**
 * A passphrase-protected key: PKCS#8 `ENCRYPTED PRIVATE KEY`, a PKCS#1/SEC1 key with `Proc-Type: 4,ENCRYPTED`, or an
 * OpenSSH key with a cipher. Lower severity than a clear key, yet the passphrase is often nearby or weak.
 */
export const encryptedPrivateKey: SecretDetector = {
  id: 'encrypted-private-key',
  title: 'Encrypted private key',
  severity: 'medium',
  keywords: ['private key-----'],
  pattern: new RegExp(
    pemBlockSource(['ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'OPENSSH PRIVATE KEY'], 32768),
  ),
  maxMatchLength: 32768,
  keepPlaceholders: true,
  validate: (secret, match) => {
    const body = parsePemBody(secret);
    if (!body) return false;
    const label = match.groups!['label']!;
    if (label === 'OPENSSH PRIVATE KEY') {
      const cipher = opensshCipher(body.base64);
      return cipher !== undefined && cipher !== 'none' ? 'structure' : false;
    }
    const bytes = Buffer.from(body.base64, 'base64');
    if (label === 'ENCRYPTED PRIVATE KEY') return isDerSequence(bytes) ? 'structure' : false;
    // Legacy OpenSSL encryption: the body is raw CBC ciphertext, so check the header and block alignment instead.
    const dekInfo = body.headers.get('DEK-Info') ?? '';
    return isLegacyEncrypted(body) && /^[\w-]+,[0-9A-Fa-f]{16,32}$/.test(dekInfo) && bytes.length > 0 && bytes.length % 8 === 0
      ? 'structure'
      : false;
  },
  remediation: keyRemediation('rotate it (the passphrase may be weak or committed elsewhere),'),
  references: ['https://www.rfc-editor.org/rfc/rfc5958#section-3'],
  aliases: { gitleaks: ['private-key'], trufflehog: ['PrivateKey'] },
};
