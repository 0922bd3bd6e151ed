import { decodeBase64 } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

/** `_auth` is base64 of `user:password`, `_password` base64 of the password; both must decode to printable text. */
function decodesToPrintable(secret: string, needsColon: boolean): boolean {
  const text = decodeBase64(secret)?.toString('utf8');
  if (!text || !/^[\x20-\x7e]+$/.test(text)) return false;
  return !needsColon || /^[^:]+:.+$/.test(text);
}

export const npmrcAuth: SecretDetector = {
  id: 'npmrc-auth',
  title: 'npm registry credentials in .npmrc',
  severity: 'high',
  keywords: ['_auth', '_password'],
  pattern: /(?:^|[\s:/])(?<key>_authToken|_auth|_password)[ \t]{0,4}=[ \t]{0,4}["']?(?<secret>[^\s"'#;]{8,2048})/m,
  minEntropy: 3,
  validate: (secret, match) => {
    const key = match.groups!['key'];
    if (key === '_authToken') return 'keyword';
    return decodesToPrintable(secret, key === '_auth') ? 'structure' : false;
  },
  remediation:
    'Revoke the token (`npm token revoke`, or in the registry UI) and reference it as `${NPM_TOKEN}` in .npmrc, set from a CI secret.',
  references: ['https://docs.npmjs.com/cli/v10/configuring-npm/npmrc#auth-related-configuration'],
  aliases: { gitleaks: ['npm-access-token'] },
};
