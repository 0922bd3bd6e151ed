import type { SecretDetector } from '../../types.js';
import { keyRemediation, parsePemBody, pemBlockSource } from './pem.js';

const MAGIC = Buffer.from('openssh-key-v1\0', 'latin1');

/** The cipher an `openssh-key-v1` blob is encrypted with (`none` when it is not), or undefined when it is no such blob. */
export function opensshCipher(base64: string): string | undefined {
  const blob = Buffer.from(base64, 'base64');
  if (blob.length < MAGIC.length + 4 || !blob.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const length = blob.readUInt32BE(MAGIC.length);
  const start = MAGIC.length + 4;
  if (length === 0 || length > 64 || start + length > blob.length) return undefined;
  return blob.subarray(start, start + length).toString('latin1');
}

export const opensshPrivateKey: SecretDetector = {
  id: 'openssh-private-key',
  title: 'OpenSSH private key',
  severity: 'critical',
  keywords: ['begin openssh private key'],
  pattern: new RegExp(pemBlockSource(['OPENSSH PRIVATE KEY'], 32768)),
  maxMatchLength: 32768,
  keepPlaceholders: true,
  // Passphrase-protected keys are the `encrypted-private-key` detector's, at a lower severity.
  validate: (secret) => {
    const body = parsePemBody(secret);
    return body && opensshCipher(body.base64) === 'none' ? 'structure' : false;
  },
  remediation: keyRemediation('remove its public half from every authorized_keys file and deploy key list, generate a new one with `ssh-keygen -t ed25519`.'),
  references: ['https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key'],
  aliases: { gitleaks: ['private-key'], trufflehog: ['PrivateKey'] },
};
