import { decodeBase64 } from '../checksum.js';
import type { Confirmation, SecretDetector } from '../../types.js';

/**
 * Upload tokens are base64url v2 macaroons: version 2, a location field (pypi.org), then the identifier field. A string
 * with the right prefix whose bytes are not such a macaroon was not issued by PyPI and is rejected on purpose.
 */
function macaroonV2(secret: string): Confirmation | false {
  const bytes = decodeBase64(secret.slice('pypi-'.length));
  if (bytes === undefined || bytes.length < 40) return false;
  const locationLength = bytes[2] ?? 0;
  const isV2Location = bytes[0] === 0x02 && bytes[1] === 0x01;
  return isV2Location && bytes[3 + locationLength] === 0x02 ? 'structure' : false;
}

export const pypiUploadToken: SecretDetector = {
  id: 'pypi-upload-token',
  title: 'PyPI / TestPyPI API token',
  severity: 'high',
  keywords: ['pypi-ageichlwas5vcmc', 'pypi-agendgvzdc5wexbplm9yz'],
  // The fixed prefixes are the base64url of the macaroon header naming pypi.org or test.pypi.org.
  pattern: /(?<![\w-])(?<secret>pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000})(?![\w-])/,
  validate: macaroonV2,
  maxMatchLength: 1100,
  remediation: 'Remove the token (Account settings > API tokens); PyPI also revokes tokens reported through GitHub secret scanning. Prefer trusted publishing (OIDC) from CI.',
  references: ['https://pypi.org/help/#apitoken', 'https://docs.pypi.org/trusted-publishers/'],
  aliases: { gitleaks: ['pypi-upload-token'], trufflehog: ['PyPI'] },
};

export const DETECTORS: SecretDetector[] = [pypiUploadToken];
