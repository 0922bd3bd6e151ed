import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const linearApiKey: SecretDetector = {
  id: 'linear-api-key',
  title: 'Linear API key',
  severity: 'high',
  keywords: ['lin_api_'],
  pattern: prefixed('lin_api_', '[A-Za-z0-9]{40}'),
  validate: structural((secret) => looksRandom(secret.slice(8))),
  remediation: 'Revoke the key in Linear (Settings > Account > Security & access > Personal API keys).',
  references: ['https://linear.app/developers/graphql#personal-api-keys'],
  aliases: { gitleaks: ['linear-api-key'], trufflehog: ['LinearAPI'] },
};

export const LINEAR_DETECTORS = [linearApiKey];
