import type { SecretDetector } from '../../types.js';
import { decodeBase64 } from '../checksum.js';
import { opensshCipher } from './openssh.js';
import { keyRemediation, pemBodyLines } from './pem.js';

const OPENSSH = 'OPENSSH PRIVATE KEY';
const LABELS = ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'PRIVATE KEY', OPENSSH];
const MAX_BODY = 16384;
/**
 * How far after the body an END line still counts as the block's own (`...`, `[snip]`, `<rest of key>` between):
 * bounded, so that text full of BEGIN lines costs a short look per line, not a search to the end of the window.
 */
const ELISION = 256;
/** Under this many decoded bytes a body is a documentation stub (`MIIEpAIBAAKCAQEA...`), not key material. */
const MIN_KEY_BYTES = 48;

/** The leading base64 lines of a PEM body, up to the first line that is not base64: where the text was cut. */
function leadingBase64(body: string): string {
  const lines: string[] = [];
  for (const line of pemBodyLines(body)) {
    if (line.length === 0) continue;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(line)) break;
    lines.push(line);
    if (line.endsWith('=')) break;
  }
  const joined = lines.join('');
  return joined.slice(0, joined.length - (joined.length % 4));
}

/**
 * Key material, even cut short: a DER SEQUENCE opening with the version INTEGER every PKCS#1, PKCS#8 and SEC1
 * private key starts with (0 for RSA, DSA and PKCS#8 v1, 1 for SEC1 and PKCS#8 v2), then at least `MIN_KEY_BYTES`.
 */
function holdsKeyMaterial(der: Buffer): boolean {
  if (der.length < MIN_KEY_BYTES || der[0] !== 0x30) return false;
  const lengthOctets = der[1]! < 0x80 ? 0 : der[1]! & 0x7f;
  if (lengthOctets > 4) return false;
  const version = 2 + lengthOctets;
  return der[version] === 0x02 && der[version + 1] === 0x01 && (der[version + 2] === 0x00 || der[version + 2] === 0x01);
}

/**
 * An unencrypted `openssh-key-v1` blob (PROTOCOL.key) cut after the start of its private section: the public keys
 * come first, so a blob cut before the private section holds nothing secret.
 */
function holdsOpensshKeyMaterial(blob: Buffer, base64: string): boolean {
  if (opensshCipher(base64) !== 'none') return false;
  let at = 'openssh-key-v1\0'.length;
  const skipString = (): boolean => {
    if (at + 4 > blob.length) return false;
    at += 4 + blob.readUInt32BE(at);
    return at <= blob.length;
  };
  // ciphername, kdfname, kdfoptions
  if (!skipString() || !skipString() || !skipString() || at + 4 > blob.length) return false;
  const keys = blob.readUInt32BE(at);
  at += 4;
  if (keys < 1 || keys > 16) return false;
  for (let k = 0; k < keys; k++) if (!skipString()) return false;
  // The private section's length and two check integers, then at least the start of a private key.
  return blob.length >= at + 4 + 8 + MIN_KEY_BYTES;
}

/**
 * A PEM private key whose END line never comes (a paste cut short, a file truncated by a size limit, a log line):
 * `private-key` needs the whole block to parse it, but the part that is there is still the key's secret material.
 * A body whose END line follows within a short elision (`...`, `[snip]`) is `private-key`'s to judge.
 */
export const truncatedPrivateKey: SecretDetector = {
  id: 'private-key-truncated',
  title: 'Private key (PEM block cut short, no END line)',
  severity: 'high',
  keywords: ['private key-----'],
  // The body is taken whole through a lookahead and a back-reference (an atomic group), so the END check below cannot
  // be dodged by giving back characters; the class has no `-`, so a body stops at any dash line.
  pattern: new RegExp(
    `-----BEGIN (?<label>${LABELS.join('|')})-----(?=(?<secret>[A-Za-z0-9+/=\\s\\\\"',]{64,${MAX_BODY}}))\\k<secret>` +
      `(?![\\s\\S]{0,${ELISION}}?-----END \\k<label>-----)`,
  ),
  maxMatchLength: MAX_BODY,
  keepPlaceholders: true,
  validate: (secret, match) => {
    const base64 = leadingBase64(secret);
    const bytes = decodeBase64(base64);
    if (bytes === undefined) return false;
    const holds = match.groups?.['label'] === OPENSSH ? holdsOpensshKeyMaterial(bytes, base64) : holdsKeyMaterial(bytes);
    return holds ? 'structure' : false;
  },
  rationale:
    'A private key cut before its END line cannot be loaded as it is, but what is there is the key: the first kilobyte of an RSA key already holds its modulus and most of the private exponent, an EC key is complete within about 120 bytes, and an Ed25519 OpenSSH key within about 250. Reported high rather than critical because the rest may be missing.',
  remediation: keyRemediation('revoke every certificate issued for it, replace the key wherever it is trusted, and find where the rest of it went;'),
  references: [
    'https://www.rfc-editor.org/rfc/rfc7468',
    'https://www.rfc-editor.org/rfc/rfc5208',
    'https://github.com/openssh/openssh-portable/blob/master/PROTOCOL.key',
  ],
};
