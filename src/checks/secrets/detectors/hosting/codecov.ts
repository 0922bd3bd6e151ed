import { assignmentPattern, UUID } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

export const codecovToken: SecretDetector = {
  id: 'codecov-token',
  title: 'Codecov upload or API token',
  severity: 'medium',
  keywords: ['codecov'],
  pattern: assignmentPattern('codecov', `${UUID}|[a-f0-9]{32}`, { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3,
  remediation: 'Regenerate the repository upload token (repository Configuration > General) or delete the API access token (Settings > Access).',
  references: ['https://docs.codecov.com/docs/codecov-tokens'],
  aliases: { gitleaks: ['codecov-access-token'] },
};

export const DETECTORS: SecretDetector[] = [codecovToken];
