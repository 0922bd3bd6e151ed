import type { SecretDetector } from '../../types.js';

/**
 * A Harness API token: `pat.` (a person's) or `sat.` (a service account's), then the account ID, the token ID and
 * the secret, dot-separated. Only the last part is secret, but the three travel together and are used as one.
 */
export const harnessApiToken: SecretDetector = {
  id: 'harness-api-token',
  title: 'Harness API token',
  severity: 'high',
  keywords: ['pat.', 'sat.'],
  pattern: /(?<![\w.-])(?<secret>[ps]at\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{20})(?![\w.-])/,
  minEntropy: 3.5,
  remediation:
    'Delete the token (user profile > My API Keys, or Access Control > Service Accounts > API Keys for a service account\'s) and check the audit trail; tokens inherit every permission of their account, so give automation a service account with a narrow role and an expiry.',
  references: ['https://developer.harness.io/docs/platform/automation/api/add-and-manage-api-keys/'],
  aliases: { gitleaks: ['harness-api-key'] },
};

export const DETECTORS: SecretDetector[] = [harnessApiToken];
