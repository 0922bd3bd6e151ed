import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const rollbarAccessToken: SecretDetector = {
  id: 'rollbar-access-token',
  title: 'Rollbar access token',
  severity: 'high',
  keywords: ['rollbar'],
  pattern: assignmentPattern('rollbar', '[a-f0-9]{32}', VENDOR_SETTING),
  minEntropy: 3,
  validate: structural(looksRandom),
  remediation:
    'Disable the token and create a new one in Rollbar (Project settings > Project Access Tokens, or Account settings > Account Access Tokens).',
  references: ['https://docs.rollbar.com/docs/access-tokens'],
  aliases: { trufflehog: ['Rollbar'] },
};

export const ROLLBAR_DETECTORS = [rollbarAccessToken];
