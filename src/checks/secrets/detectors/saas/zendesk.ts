import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const zendeskApiToken: SecretDetector = {
  id: 'zendesk-api-token',
  title: 'Zendesk API token',
  severity: 'high',
  keywords: ['zendesk'],
  pattern: assignmentPattern('zendesk', '[A-Za-z0-9]{40}', VENDOR_SETTING),
  minEntropy: 4,
  validate: structural((secret) => looksRandom(secret)),
  remediation: 'Delete the token in Zendesk Admin Center (Apps and integrations > Zendesk API) and create a new one.',
  references: ['https://developer.zendesk.com/api-reference/introduction/security-and-auth/'],
  aliases: { trufflehog: ['ZendeskApi'] },
};

export const ZENDESK_DETECTORS = [zendeskApiToken];
