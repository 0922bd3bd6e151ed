import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

export const langsmithApiKey: SecretDetector = {
  id: 'langsmith-api-key',
  title: 'LangSmith API key',
  severity: 'high',
  keywords: ['lsv2_'],
  // Personal (`pt`) and service (`sk`) keys: `lsv2_<kind>_<32 hex>_<10 hex>`.
  pattern: prefixed('lsv2_', '(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}'),
  validate: structural((secret) => looksRandom(secret.slice(8, 40))),
  remediation: 'Delete the key in LangSmith (Settings > API Keys) and create a new one.',
  references: ['https://docs.smith.langchain.com/administration/how_to_guides/organization_management/create_account_api_key'],
  aliases: { gitleaks: ['langsmith-api-key'], trufflehog: ['LangSmith'] },
};

export const LANGSMITH_DETECTORS = [langsmithApiKey];
