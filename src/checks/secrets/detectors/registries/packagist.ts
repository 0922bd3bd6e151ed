import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const packagistToken: SecretDetector = {
  id: 'packagist-token',
  title: 'Private Packagist / Packagist.org token',
  severity: 'high',
  keywords: ['packagist_'],
  // packagist_<3-letter kind>_<random>: org/user, read/update tokens.
  pattern: /(?<![\w])(?<secret>packagist_[a-z]{3}_[A-Za-z0-9]{32,100})(?![\w])/,
  minEntropy: 3.5,
  validate: mixesLettersAndDigits,
  remediation: 'Revoke the token (Private Packagist > Settings > Authentication tokens, or Packagist.org profile > API token regenerate).',
  references: ['https://packagist.com/docs/composer-authentication'],
};

export const DETECTORS: SecretDetector[] = [packagistToken];
