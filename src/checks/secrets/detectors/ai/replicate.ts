import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

export const replicateApiToken: SecretDetector = {
  id: 'replicate-api-token',
  title: 'Replicate API token',
  severity: 'high',
  keywords: ['r8_'],
  pattern: prefixed('r8_', '[A-Za-z0-9]{37}'),
  validate: structural((secret) => looksRandom(secret.slice(3), 12)),
  remediation: 'Delete the token at replicate.com/account/api-tokens and create a new one.',
  references: ['https://replicate.com/docs/reference/http#authentication'],
  aliases: { trufflehog: ['ReplicateAPIToken'] },
};

export const REPLICATE_DETECTORS = [replicateApiToken];
