import type { SecretDetector } from '../../types.js';

const LINE_END = String.raw`\r?\n`;
const BLANK = String.raw`[^\S\r\n]`;

/** A `[section]` of .pypirc whose `password` follows other settings (`username`, `repository`) of that section. */
export const pypircPassword: SecretDetector = {
  id: 'pypirc-password',
  title: 'Package index password in .pypirc',
  severity: 'high',
  keywords: ['pypi', 'index-servers', 'distutils'],
  pattern: new RegExp(
    String.raw`^\[[\w.-]{1,64}\]${BLANK}*${LINE_END}(?:${BLANK}*(?!password)[\w-]{1,32}${BLANK}*[=:][^\r\n]{0,512}${LINE_END}){0,8}${BLANK}*password${BLANK}*[=:]${BLANK}*(?<secret>\S{1,256})`,
    'm',
  ),
  // Other INI files have [sections] with passwords too; only package index ones are this detector's.
  validate: (_secret, match) => (/pypi|repository/i.test(match[0]) ? 'keyword' : false),
  remediation:
    'Revoke the password or API token on the package index, then upload with a scoped API token from a CI secret (or trusted publishing) instead of a .pypirc file.',
  references: ['https://packaging.python.org/en/latest/specifications/pypirc/'],
  aliases: { gitleaks: ['pypi-upload-token'], trufflehog: ['PyPI'] },
};
