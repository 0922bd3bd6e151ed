import type { SecretDetector } from '../../types.js';
import { settingPrefix } from '../assignment.js';
import { TOKEN_END, TOKEN_START, looksRandom, prefixed, structural } from './support.js';

const REFERENCES = ['https://www.twilio.com/docs/iam/api-keys', 'https://www.twilio.com/docs/iam/access-tokens'];

export const twilioAuthToken: SecretDetector = {
  id: 'twilio-auth-token',
  title: 'Twilio auth token',
  severity: 'high',
  keywords: ['twilio'],
  // Named after Twilio, or right after the account SID as in `Client("AC…", "<token>")` and `AC…:<token>@api.twilio.com`.
  pattern: new RegExp(
    `(?:${settingPrefix('twilio', 'one-level')}|${TOKEN_START}AC[a-f0-9]{32}[\\s"',:]{1,8})(?<secret>[a-f0-9]{32})${TOKEN_END}`,
  ),
  minEntropy: 3,
  validate: structural((secret) => looksRandom(secret)),
  remediation:
    'Rotate the auth token in the Twilio Console (Account > API keys & tokens > Auth tokens: create a secondary token, promote it, then delete the old one); prefer API keys over the account auth token.',
  references: REFERENCES,
  aliases: { trufflehog: ['Twilio'] },
};

export const twilioApiKey: SecretDetector = {
  id: 'twilio-api-key',
  title: 'Twilio API key SID',
  // The SID alone cannot authenticate; it marks a spot where the key's secret usually sits next to it.
  severity: 'medium',
  // `SK` + 32 hex is too short a prefix to stand alone; the search only looks near a mention of Twilio.
  keywords: ['twilio'],
  pattern: prefixed('SK', '[a-f0-9]{32}'),
  validate: structural((secret) => looksRandom(secret.slice(2))),
  remediation:
    'Delete the API key in the Twilio Console (Account > API keys & tokens) and create a new one; check the surrounding file for the key secret.',
  references: REFERENCES,
  aliases: { gitleaks: ['twilio-api-key'], trufflehog: ['TwilioApiKey'] },
};

export const TWILIO_DETECTORS = [twilioAuthToken, twilioApiKey];
