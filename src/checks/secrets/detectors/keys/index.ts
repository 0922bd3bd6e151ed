import type { SecretDetector } from '../../types.js';
import { encryptedPrivateKey } from './encrypted-private-key.js';
import { jsonWebToken } from './jwt.js';
import { opensshPrivateKey } from './openssh.js';
import { pgpPrivateKey } from './pgp-private-key.js';
import { privateKey } from './private-key.js';
import { puttyPrivateKey } from './putty-private-key.js';
import { truncatedPrivateKey } from './truncated-private-key.js';

export const DETECTORS: SecretDetector[] = [
  privateKey,
  truncatedPrivateKey,
  encryptedPrivateKey,
  opensshPrivateKey,
  pgpPrivateKey,
  puttyPrivateKey,
  jsonWebToken,
];
