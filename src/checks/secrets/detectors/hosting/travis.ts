import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const travisCiToken: SecretDetector = {
  id: 'travis-ci-token',
  title: 'Travis CI API token',
  severity: 'high',
  keywords: ['travis'],
  pattern: assignmentPattern('travis', '[A-Za-z0-9_-]{22}', { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3.5,
  validate: mixesLettersAndDigits,
  remediation: 'Regenerate the token (Account > Settings > API authentication > Regenerate token).',
  references: ['https://docs.travis-ci.com/user/migrate/travis-migrate-to-apps-gem-guide/'],
  aliases: { gitleaks: ['travisci-access-token'], trufflehog: ['TravisCI'] },
};

export const DETECTORS: SecretDetector[] = [travisCiToken];
