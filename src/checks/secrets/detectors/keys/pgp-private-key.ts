import type { SecretDetector } from '../../types.js';
import { keyRemediation, parsePemBody } from './pem.js';

const SECRET_KEY_TAG = 5;

/** The first OpenPGP packet (RFC 4880 §4.2, old or new header format) is a Secret-Key packet. */
function startsWithSecretKeyPacket(bytes: Uint8Array): boolean {
  const first = bytes[0];
  if (first === undefined || (first & 0x80) === 0) return false;
  const tag = first & 0x40 ? first & 0x3f : (first >> 2) & 0x0f;
  return tag === SECRET_KEY_TAG;
}

export const pgpPrivateKey: SecretDetector = {
  id: 'pgp-private-key',
  title: 'PGP private key block',
  severity: 'high',
  keywords: ['begin pgp private key block'],
  pattern: /-----BEGIN PGP PRIVATE KEY BLOCK-----(?<secret>[\s\S]{32,65536}?)-----END PGP PRIVATE KEY BLOCK-----/,
  maxMatchLength: 65536,
  keepPlaceholders: true,
  validate: (secret) => {
    // The armor checksum line (`=XXXX`) follows the base64; drop it before decoding.
    const body = parsePemBody(secret.replace(/\n=[A-Za-z0-9+/]{4}\s*$/, '\n'));
    return body && startsWithSecretKeyPacket(Buffer.from(body.base64, 'base64')) ? 'structure' : false;
  },
  remediation: keyRemediation('publish a revocation certificate for it (`gpg --gen-revoke`), generate a new key,'),
  references: ['https://www.rfc-editor.org/rfc/rfc4880#section-6.2'],
  aliases: { gitleaks: ['private-key'], trufflehog: ['PrivateKey'] },
};
