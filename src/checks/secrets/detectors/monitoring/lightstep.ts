import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const lightstepAccessToken: SecretDetector = {
  id: 'lightstep-access-token',
  title: 'Lightstep (ServiceNow Cloud Observability) access token',
  severity: 'high',
  keywords: ['lightstep'],
  pattern: assignmentPattern(
    'lightstep',
    '(?:[A-Za-z0-9+/]{80,180}={0,2}|[a-f0-9]{32})',
    { ...VENDOR_SETTING, end: '(?![A-Za-z0-9_+/=-])' },
  ),
  minEntropy: 3,
  validate: structural((secret) => looksRandom(secret, 12)),
  remediation: 'Delete the access token in Lightstep (Project settings > Access tokens) and create a new one.',
  references: ['https://docs.lightstep.com/docs/create-and-manage-access-tokens'],
  aliases: { trufflehog: ['LightstepToken'] },
};

export const LIGHTSTEP_DETECTORS = [lightstepAccessToken];
