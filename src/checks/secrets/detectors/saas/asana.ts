import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const asanaPersonalAccessToken: SecretDetector = {
  id: 'asana-personal-access-token',
  title: 'Asana personal access token',
  severity: 'high',
  keywords: ['asana'],
  // `0/<32 hex>` (the first format), `1/<user id>:<32 hex>` or `2/<user id>/<token id>:<32 hex>` (current). None
  // carries a checksum, and the digits are IDs, so the setting's name must say Asana.
  pattern: assignmentPattern('asana', '(?:0\\/[a-f0-9]{32}|[12]\\/\\d{10,20}(?:\\/\\d{10,20})?:[a-f0-9]{32})', {
    ...VENDOR_SETTING,
    end: '(?![\\w/-])',
  }),
  validate: structural((secret) => looksRandom(secret.slice(Math.max(secret.indexOf(':'), secret.indexOf('/')) + 1))),
  remediation: 'Deauthorize the token in Asana (My Settings > Apps > Developer apps > Personal access tokens).',
  references: ['https://developers.asana.com/docs/personal-access-token'],
  aliases: { trufflehog: ['AsanaPersonalAccessToken'] },
};

export const ASANA_DETECTORS = [asanaPersonalAccessToken];
