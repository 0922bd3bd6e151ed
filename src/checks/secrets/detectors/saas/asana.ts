import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const asanaPersonalAccessToken: SecretDetector = {
  id: 'asana-personal-access-token',
  title: 'Asana personal access token',
  severity: 'high',
  keywords: ['asana'],
  // `1/<user id>:<32 hex>` (v1) or `2/<user id>/<token id>:<32 hex>` (v2).
  pattern: assignmentPattern('asana', '[12]\\/\\d{10,20}(?:\\/\\d{10,20})?:[a-f0-9]{32}', VENDOR_SETTING),
  validate: structural((secret) => looksRandom(secret.slice(secret.indexOf(':') + 1))),
  remediation: 'Deauthorize the token in Asana (My Settings > Apps > Developer apps > Personal access tokens).',
  references: ['https://developers.asana.com/docs/personal-access-token'],
  aliases: { trufflehog: ['AsanaPersonalAccessToken'] },
};

export const ASANA_DETECTORS = [asanaPersonalAccessToken];
