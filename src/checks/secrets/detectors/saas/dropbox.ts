import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const dropboxAccessToken: SecretDetector = {
  id: 'dropbox-access-token',
  title: 'Dropbox short-lived access token',
  severity: 'high',
  keywords: ['sl.'],
  // `sl.` tokens are about 140 characters; the newer `sl.u.` form is many times longer.
  pattern: prefixed('sl.', '(?:u\\.)?[A-Za-z0-9_-]{130,2000}'),
  maxMatchLength: 2100,
  validate: structural((secret) => looksRandom(secret, 20)),
  remediation:
    'Revoke the token (POST /2/auth/token/revoke, or remove the app under Settings > Connected apps) and rotate the app secret if a refresh token leaked too.',
  references: ['https://developers.dropbox.com/oauth-guide'],
  aliases: { gitleaks: ['dropbox-short-lived-api-token'], trufflehog: ['Dropbox'] },
};

export const DROPBOX_DETECTORS = [dropboxAccessToken];
