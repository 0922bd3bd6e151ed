import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const algoliaAdminKey: SecretDetector = {
  id: 'algolia-admin-key',
  title: 'Algolia admin or write API key',
  severity: 'high',
  keywords: ['algolia'],
  // Search-only keys are meant for browsers, so only admin/write/plain API key settings count.
  pattern: assignmentPattern(
    'algolia[_.-]?(?:admin|write)?[_.-]?(?:api[_.-]?)?key',
    '[a-f0-9]{32}',
    VENDOR_SETTING,
  ),
  minEntropy: 3,
  validate: structural((secret) => looksRandom(secret)),
  remediation: 'Regenerate the admin key in the Algolia dashboard (Settings > API Keys) or delete the exposed secured key.',
  references: ['https://www.algolia.com/doc/guides/security/api-keys/'],
  aliases: { gitleaks: ['algolia-api-key'], trufflehog: ['AlgoliaAdminKey'] },
};

export const ALGOLIA_DETECTORS = [algoliaAdminKey];
