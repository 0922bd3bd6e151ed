import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

export const groqApiKey: SecretDetector = {
  id: 'groq-api-key',
  title: 'Groq API key',
  severity: 'high',
  keywords: ['gsk_'],
  pattern: prefixed('gsk_', '[A-Za-z0-9]{52}'),
  validate: structural((secret) => looksRandom(secret.slice(4), 16)),
  remediation: 'Delete the key in the GroqCloud console (API Keys) and create a new one.',
  references: ['https://console.groq.com/docs/quickstart'],
  aliases: { gitleaks: ['groq-api-key'], trufflehog: ['Groq'] },
};

export const GROQ_DETECTORS = [groqApiKey];
