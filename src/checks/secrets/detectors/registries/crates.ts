import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const cratesIoToken: SecretDetector = {
  id: 'crates-io-token',
  title: 'crates.io API token',
  severity: 'high',
  keywords: ['cio'],
  pattern: /(?<![A-Za-z0-9])(?<secret>cio[A-Za-z0-9]{32})(?![A-Za-z0-9])/,
  minEntropy: 3.5,
  validate: mixesLettersAndDigits,
  remediation: 'Revoke the token (crates.io > Account Settings > API Tokens) and use scoped, expiring tokens or trusted publishing.',
  references: ['https://doc.rust-lang.org/cargo/reference/publishing.html'],
};

export const DETECTORS: SecretDetector[] = [cratesIoToken];
