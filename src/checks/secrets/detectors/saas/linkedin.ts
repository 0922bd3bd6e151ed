import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const linkedinClientSecret: SecretDetector = {
  id: 'linkedin-client-secret',
  title: 'LinkedIn client secret',
  severity: 'high',
  keywords: ['linkedin'],
  // Current secrets look like `WPL_AP1.<16>.<base64>`; older ones are 16 base62 characters.
  pattern: assignmentPattern(
    'linkedin',
    '(?:WPL_AP\\d\\.[A-Za-z0-9]{16}\\.[A-Za-z0-9+/]{6,12}={0,2}|[A-Za-z0-9]{16})',
    { ...VENDOR_SETTING, end: '(?![A-Za-z0-9_=+/-])' },
  ),
  validate: structural((secret) => looksRandom(secret.replace(/^WPL_AP\d\./, ''))),
  remediation:
    'Generate a new client secret in the LinkedIn Developer Portal (app > Auth > Generate a new Client Secret) and remove the old one.',
  references: ['https://learn.microsoft.com/linkedin/shared/authentication/client-credentials-flow'],
  aliases: { gitleaks: ['linkedin-client-secret'], trufflehog: ['LinkedIn'] },
};

export const LINKEDIN_DETECTORS = [linkedinClientSecret];
