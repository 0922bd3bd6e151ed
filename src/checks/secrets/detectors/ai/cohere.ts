import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const cohereApiKey: SecretDetector = {
  id: 'cohere-api-key',
  title: 'Cohere API key',
  severity: 'high',
  keywords: ['cohere', 'co_api_key'],
  pattern: assignmentPattern('cohere|co_api_key', '[A-Za-z0-9]{40}', VENDOR_SETTING),
  minEntropy: 4,
  validate: structural((secret) => looksRandom(secret, 16)),
  remediation: 'Delete the key in the Cohere dashboard (API keys) and create a new one.',
  references: ['https://docs.cohere.com/reference/about'],
  aliases: { gitleaks: ['cohere-api-token'], trufflehog: ['Cohere'] },
};

export const COHERE_DETECTORS = [cohereApiKey];
