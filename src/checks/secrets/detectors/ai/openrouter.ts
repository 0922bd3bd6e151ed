import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

export const openrouterApiKey: SecretDetector = {
  id: 'openrouter-api-key',
  title: 'OpenRouter API key',
  severity: 'high',
  keywords: ['sk-or-v1-'],
  pattern: prefixed('sk-or-v1-', '[a-f0-9]{64}'),
  validate: structural((secret) => looksRandom(secret.slice(9))),
  remediation: 'Delete the key at openrouter.ai/settings/keys and create a new one with a credit limit.',
  references: ['https://openrouter.ai/docs/api-reference/authentication'],
  aliases: { trufflehog: ['OpenRouter'] },
};

export const OPENROUTER_DETECTORS = [openrouterApiKey];
