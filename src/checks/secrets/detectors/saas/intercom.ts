import type { SecretDetector } from '../../types.js';
import { decodeBase64 } from '../checksum.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, structural } from './support.js';

export const intercomAccessToken: SecretDetector = {
  id: 'intercom-access-token',
  title: 'Intercom access token',
  severity: 'high',
  keywords: ['intercom'],
  pattern: assignmentPattern(
    'intercom',
    '[A-Za-z0-9+/_-]{58,62}={0,2}',
    { ...VENDOR_SETTING, end: '(?![A-Za-z0-9_+/=-])' },
  ),
  minEntropy: 4,
  // Tokens are base64 of `tok:<uuid>`.
  validate: structural((secret) => decodeBase64(secret)?.toString('latin1').startsWith('tok:') === true),
  remediation:
    'Regenerate the access token in the Intercom Developer Hub (app > Authentication) or uninstall the app from the workspace.',
  references: ['https://developers.intercom.com/docs/build-an-integration/learn-more/authentication'],
  aliases: { gitleaks: ['intercom-api-key'], trufflehog: ['Intercom'] },
};

export const INTERCOM_DETECTORS = [intercomAccessToken];
