import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const pagerdutyApiKey: SecretDetector = {
  id: 'pagerduty-api-key',
  title: 'PagerDuty API key or integration key',
  severity: 'high',
  keywords: ['pagerduty'],
  // REST API keys are 20 characters (user keys start `u+`); Events integration/routing keys are 32 hex.
  pattern: assignmentPattern(
    'pagerduty',
    '(?:[a-f0-9]{32}|[A-Za-z0-9_+-]{20})',
    { ...VENDOR_SETTING, end: '(?![A-Za-z0-9_+-])' },
  ),
  minEntropy: 3,
  validate: structural((secret) => looksRandom(secret) && /\d/.test(secret)),
  remediation:
    'Delete the key in PagerDuty (Integrations > API Access Keys, or the service integration for routing keys) and create a new one.',
  references: ['https://support.pagerduty.com/main/docs/api-access-keys'],
  aliases: { trufflehog: ['PagerDutyApiKey'] },
};

export const PAGERDUTY_DETECTORS = [pagerdutyApiKey];
