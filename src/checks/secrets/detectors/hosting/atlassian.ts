import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

const REMEDIATION = 'Revoke the token (id.atlassian.com > Security > API tokens) and create a scoped one with an expiry.';
const REFERENCES = ['https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/'];

export const atlassianApiToken: SecretDetector = {
  id: 'atlassian-api-token',
  title: 'Atlassian API token',
  severity: 'high',
  keywords: ['atatt3'],
  pattern: /(?<![\w-])(?<secret>ATATT3[A-Za-z0-9_=-]{186})(?![\w=-])/,
  minEntropy: 4,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['atlassian-api-token'], trufflehog: ['Atlassian'] },
};

export const atlassianLegacyApiToken: SecretDetector = {
  id: 'atlassian-legacy-api-token',
  title: 'Atlassian API token (legacy 24-character format)',
  severity: 'high',
  keywords: ['atlassian', 'confluence', 'jira'],
  pattern: assignmentPattern(
    'atlassian|confluence|jira',
    '[A-Za-z0-9]{24}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 3.5,
  validate: mixesLettersAndDigits,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['atlassian-api-token'], trufflehog: ['JiraToken'] },
};

export const bitbucketAppPassword: SecretDetector = {
  id: 'bitbucket-app-password',
  title: 'Bitbucket app password',
  severity: 'high',
  keywords: ['bitbucket'],
  // Current app passwords start with ATBB; older ones are 20 alphanumerics.
  pattern: assignmentPattern(
    'bitbucket',
    '(?:ATBB[A-Za-z0-9_=.-]{28,60}|[A-Za-z0-9]{20})',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 3.5,
  validate: mixesLettersAndDigits,
  remediation: 'Revoke the app password (Personal settings > App passwords) and move automation to repository or workspace access tokens.',
  references: ['https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/'],
};

export const DETECTORS: SecretDetector[] = [atlassianApiToken, atlassianLegacyApiToken, bitbucketAppPassword];
