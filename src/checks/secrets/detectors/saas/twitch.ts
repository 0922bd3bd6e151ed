import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const twitchToken: SecretDetector = {
  id: 'twitch-api-token',
  title: 'Twitch client secret or OAuth token',
  severity: 'high',
  keywords: ['twitch'],
  pattern: assignmentPattern('twitch', '(?:oauth:)?[a-z0-9]{30}', VENDOR_SETTING),
  minEntropy: 3.5,
  validate: structural((secret) => looksRandom(secret.replace(/^oauth:/, ''))),
  remediation:
    'Generate a new client secret in the Twitch Developer Console (Applications > Manage > New Secret) and revoke exposed OAuth tokens via id.twitch.tv/oauth2/revoke.',
  references: ['https://dev.twitch.tv/docs/authentication/'],
  aliases: { gitleaks: ['twitch-api-token'], trufflehog: ['Twitch'] },
};

export const TWITCH_DETECTORS = [twitchToken];
