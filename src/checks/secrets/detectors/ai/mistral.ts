import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const mistralApiKey: SecretDetector = {
  id: 'mistral-api-key',
  title: 'Mistral AI API key',
  severity: 'high',
  keywords: ['mistral'],
  pattern: assignmentPattern('mistral', '[A-Za-z0-9]{32}', VENDOR_SETTING),
  minEntropy: 4,
  validate: structural((secret) => looksRandom(secret, 12)),
  remediation: 'Delete the key in La Plateforme (console.mistral.ai > API Keys) and create a new one.',
  references: ['https://docs.mistral.ai/getting-started/quickstart/'],
  aliases: { trufflehog: ['MistralAI'] },
};

export const MISTRAL_DETECTORS = [mistralApiKey];
