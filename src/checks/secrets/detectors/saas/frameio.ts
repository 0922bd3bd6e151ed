import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const frameioToken: SecretDetector = {
  id: 'frameio-api-token',
  title: 'Frame.io developer token',
  severity: 'high',
  keywords: ['fio-u-'],
  pattern: prefixed('fio-u-', '[A-Za-z0-9_=-]{64}', '(?![A-Za-z0-9_=-])'),
  validate: structural((secret) => looksRandom(secret.slice(6), 16)),
  remediation: 'Delete the token in the Frame.io developer site (Tokens) and create a new one.',
  references: ['https://developer.frame.io/docs/getting-started/authentication'],
  aliases: { gitleaks: ['frameio-api-token'], trufflehog: ['Frameio'] },
};

export const FRAMEIO_DETECTORS = [frameioToken];
