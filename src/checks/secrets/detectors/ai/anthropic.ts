import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

const REFERENCES = ['https://docs.anthropic.com/en/api/getting-started#authentication'];
// Keys are `sk-ant-<kind><version>-` + 93 base64url characters + `AA`.
const randomBody = structural((secret) => looksRandom(secret.slice(secret.indexOf('-', 7) + 1), 16));

export const anthropicApiKey: SecretDetector = {
  id: 'anthropic-api-key',
  title: 'Anthropic API key',
  severity: 'high',
  keywords: ['sk-ant-api'],
  pattern: prefixed('sk-ant-api', '\\d{2}-[A-Za-z0-9_-]{93}AA'),
  validate: randomBody,
  remediation: 'Disable and delete the key in the Anthropic Console (Settings > API keys), then create a new one.',
  references: REFERENCES,
  aliases: { gitleaks: ['anthropic-api-key'], trufflehog: ['Anthropic'] },
};

export const anthropicAdminKey: SecretDetector = {
  id: 'anthropic-admin-key',
  title: 'Anthropic Admin API key',
  // Manages members, workspaces and API keys of the organization.
  severity: 'critical',
  keywords: ['sk-ant-admin'],
  pattern: prefixed('sk-ant-admin', '\\d{2}-[A-Za-z0-9_-]{93}AA'),
  validate: randomBody,
  remediation: 'Delete the admin key in the Anthropic Console (Settings > Admin keys) and review recent organization changes.',
  references: ['https://docs.anthropic.com/en/api/administration-api'],
  aliases: { gitleaks: ['anthropic-admin-api-key'], trufflehog: ['Anthropic'] },
};

export const ANTHROPIC_DETECTORS = [anthropicApiKey, anthropicAdminKey];
