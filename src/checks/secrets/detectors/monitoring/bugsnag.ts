import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const bugsnagApiKey: SecretDetector = {
  id: 'bugsnag-api-key',
  title: 'Bugsnag notifier API key or data access token',
  // Notifier keys ship inside client apps and only allow sending errors; data access tokens read everything.
  severity: 'medium',
  keywords: ['bugsnag'],
  pattern: assignmentPattern('bugsnag', '[a-f0-9]{32}', VENDOR_SETTING),
  minEntropy: 3,
  validate: structural(looksRandom),
  remediation:
    'Regenerate the notifier API key (Project settings) or revoke the personal auth token (My account > Personal auth tokens) in Bugsnag.',
  references: ['https://docs.bugsnag.com/product/getting-started/'],
  aliases: { trufflehog: ['Bugsnag'] },
};

export const BUGSNAG_DETECTORS = [bugsnagApiKey];
