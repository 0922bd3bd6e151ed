import { assignmentPattern, UUID } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

const REMEDIATION =
  'Revoke the key (Account settings > API key > Regenerate, or `heroku authorizations:revoke`) and use scoped OAuth authorizations for automation.';
const REFERENCES = ['https://devcenter.heroku.com/articles/authentication'];

export const herokuApiKey: SecretDetector = {
  id: 'heroku-api-key',
  title: 'Heroku API key',
  severity: 'high',
  keywords: ['heroku'],
  pattern: assignmentPattern('heroku', UUID, { secretCase: 'insensitive', nesting: 'none' }),
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['heroku-api-key'], trufflehog: ['Heroku'] },
};

export const herokuApiKeyV2: SecretDetector = {
  id: 'heroku-api-key-v2',
  title: 'Heroku API key (HRKU format)',
  severity: 'high',
  keywords: ['hrku-'],
  pattern: /(?<![\w-])(?<secret>HRKU-AA[A-Za-z0-9_-]{58})(?![\w-])/,
  minEntropy: 4,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['heroku-api-key-v2'], trufflehog: ['Heroku'] },
};

export const DETECTORS: SecretDetector[] = [herokuApiKey, herokuApiKeyV2];
