import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

export const perplexityApiKey: SecretDetector = {
  id: 'perplexity-api-key',
  title: 'Perplexity API key',
  severity: 'high',
  keywords: ['pplx-'],
  pattern: prefixed('pplx-', '[A-Za-z0-9]{48}'),
  validate: structural((secret) => looksRandom(secret.slice(5), 16)),
  remediation: 'Delete the key in Perplexity (Settings > API > API Keys) and generate a new one.',
  references: ['https://docs.perplexity.ai/guides/getting-started'],
  aliases: { gitleaks: ['perplexity-api-key'], trufflehog: ['PerplexityAI'] },
};

export const PERPLEXITY_DETECTORS = [perplexityApiKey];
