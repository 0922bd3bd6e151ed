import { assignmentPattern, UUID } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

export const snykApiToken: SecretDetector = {
  id: 'snyk-api-token',
  title: 'Snyk API token',
  severity: 'high',
  keywords: ['snyk'],
  pattern: assignmentPattern('snyk', UUID, { secretCase: 'insensitive', nesting: 'none' }),
  remediation: 'Revoke and regenerate the token (Account settings > Auth Token, or the service account page) and use service accounts in CI.',
  references: ['https://docs.snyk.io/snyk-api/authentication-for-api/revoke-and-regenerate-a-snyk-api-token'],
  aliases: { gitleaks: ['snyk-api-token'], trufflehog: ['SnykKey'] },
};

export const DETECTORS: SecretDetector[] = [snykApiToken];
