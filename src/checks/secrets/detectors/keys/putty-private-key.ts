import type { SecretDetector } from '../../types.js';
import { keyRemediation } from './pem.js';

const BASE64_LINES = '(?:[A-Za-z0-9+/=]{1,64}\\r?\\n){1,128}';

/** PPK v2/v3 (https://the.earth.li/~sgtatham/putty/0.78/htmldoc/AppendixC.html); encrypted files are reported too. */
export const puttyPrivateKey: SecretDetector = {
  id: 'putty-private-key',
  title: 'PuTTY private key (PPK)',
  severity: 'high',
  keywords: ['putty-user-key-file-'],
  pattern: new RegExp(
    'PuTTY-User-Key-File-[23]: [\\w@.-]{3,64}\\r?\\n' +
      'Encryption: [\\w-]{1,32}\\r?\\n' +
      'Comment: [^\\r\\n]{0,256}\\r?\\n' +
      `Public-Lines: (?<publicLines>\\d{1,3})\\r?\\n(?<public>${BASE64_LINES})` +
      '(?:Key-Derivation: [\\w-]{1,32}\\r?\\n(?:Argon2-[\\w-]{1,32}: [^\\r\\n]{1,128}\\r?\\n){1,4})?' +
      `Private-Lines: (?<privateLines>\\d{1,3})\\r?\\n(?<secret>${BASE64_LINES})` +
      'Private-MAC: [0-9a-fA-F]{40,64}',
  ),
  maxMatchLength: 16384,
  keepPlaceholders: true,
  // The declared line counts must agree with the base64 that follows them.
  validate: (_secret, match) => {
    const count = (text: string | undefined) => (text ?? '').split('\n').filter((line) => line.trim()).length;
    const groups = match.groups!;
    return count(groups['public']) === Number(groups['publicLines']) && count(groups['secret']) === Number(groups['privateLines'])
      ? 'structure'
      : false;
  },
  remediation: keyRemediation('remove its public half from every authorized_keys file, generate a new key in PuTTYgen,'),
  references: ['https://the.earth.li/~sgtatham/putty/0.78/htmldoc/AppendixC.html'],
  aliases: { gitleaks: ['private-key'], trufflehog: ['PrivateKey'] },
};
