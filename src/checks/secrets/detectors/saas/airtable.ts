import type { SecretDetector } from '../../types.js';
import { prefixed, looksRandom, structural } from './support.js';

export const airtablePersonalAccessToken: SecretDetector = {
  id: 'airtable-personal-access-token',
  title: 'Airtable personal access token',
  severity: 'high',
  keywords: ['pat'],
  // `pat<14-char token ID>.<64 hex secret>`.
  pattern: prefixed('pat', '[A-Za-z0-9]{14}\\.[a-f0-9]{64}'),
  // 82 characters; `pat` is in every `path` and `pattern`, so the windows around it are kept that narrow.
  maxMatchLength: 90,
  validate: structural((secret) => looksRandom(secret.slice(18), 12)),
  remediation: 'Regenerate or delete the token at airtable.com/create/tokens.',
  references: ['https://airtable.com/developers/web/guides/personal-access-tokens'],
  aliases: { gitleaks: ['airtable-personnal-access-token'], trufflehog: ['AirtablePersonalAccessToken'] },
};

export const AIRTABLE_DETECTORS = [airtablePersonalAccessToken];
