import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const oktaApiToken: SecretDetector = {
  id: 'okta-api-token',
  title: 'Okta API token',
  severity: 'high',
  keywords: ['okta', 'ssws'],
  // SSWS tokens: `00` followed by 40 base64url characters.
  pattern: assignmentPattern('okta|ssws', '00[A-Za-z0-9_-]{40}', VENDOR_SETTING),
  minEntropy: 4,
  validate: structural((secret) => looksRandom(secret.slice(2))),
  remediation: 'Revoke the token in the Okta Admin Console (Security > API > Tokens) and create a new one for a service account.',
  references: ['https://developer.okta.com/docs/guides/create-an-api-token/main/'],
  aliases: { gitleaks: ['okta-access-token'], trufflehog: ['Okta'] },
};

export const OKTA_DETECTORS = [oktaApiToken];
