import type { SecretDetector } from '../../types.js';
import { TOKEN_END, TOKEN_START, looksRandom, structural } from './support.js';

export const notionToken: SecretDetector = {
  id: 'notion-integration-token',
  title: 'Notion integration token',
  severity: 'high',
  keywords: ['secret_', 'ntn_'],
  // Legacy `secret_<43 base62>`; current `ntn_<11 digits><35 base62>`.
  pattern: new RegExp(`${TOKEN_START}(?<secret>secret_[A-Za-z0-9]{43}|ntn_\\d{11}[A-Za-z0-9]{35})${TOKEN_END}`),
  minEntropy: 4,
  validate: structural((secret) => looksRandom(secret.slice(secret.indexOf('_') + 1), 16)),
  remediation:
    'Refresh the internal integration secret at notion.so/my-integrations (integration > Secrets > Refresh) and update the deployments.',
  references: ['https://developers.notion.com/docs/authorization'],
  aliases: { gitleaks: ['notion-api-token'], trufflehog: ['Notion'] },
};

export const NOTION_DETECTORS = [notionToken];
