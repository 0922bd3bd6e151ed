import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const auth0ClientSecret: SecretDetector = {
  id: 'auth0-client-secret',
  title: 'Auth0 client secret',
  severity: 'high',
  keywords: ['auth0'],
  pattern: assignmentPattern('auth0', '[A-Za-z0-9_-]{64}', VENDOR_SETTING),
  minEntropy: 4.5,
  validate: structural((secret) => looksRandom(secret, 20)),
  remediation: 'Rotate the client secret in the Auth0 Dashboard (Applications > app > Settings > Rotate secret).',
  references: ['https://auth0.com/docs/get-started/applications/rotate-client-secret'],
  aliases: { trufflehog: ['Auth0oauth'] },
};

export const AUTH0_DETECTORS = [auth0ClientSecret];
