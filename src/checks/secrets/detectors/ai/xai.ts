import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

export const xaiApiKey: SecretDetector = {
  id: 'xai-api-key',
  title: 'xAI (Grok) API key',
  severity: 'high',
  keywords: ['xai-'],
  pattern: prefixed('xai-', '[A-Za-z0-9]{80}'),
  validate: structural((secret) => looksRandom(secret.slice(4), 16)),
  remediation: 'Delete the key in the xAI console (API Keys) and create a new one.',
  references: ['https://docs.x.ai/docs/overview'],
  aliases: { trufflehog: ['XAI'] },
};

export const XAI_DETECTORS = [xaiApiKey];
