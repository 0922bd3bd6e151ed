import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const sendgridApiKey: SecretDetector = {
  id: 'sendgrid-api-key',
  title: 'SendGrid API key',
  severity: 'high',
  keywords: ['sg.'],
  // `SG.<22-char key ID>.<43-char secret>`, both base64url.
  pattern: prefixed('SG.', '[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  validate: structural((secret) => secret.split('.').slice(1).every((part) => looksRandom(part))),
  remediation:
    'Delete the key under Settings > API Keys in SendGrid and create a new one with the minimum scopes needed.',
  references: ['https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys'],
  aliases: { gitleaks: ['sendgrid-api-token'], trufflehog: ['SendGrid'] },
};

export const SENDGRID_DETECTORS = [sendgridApiKey];
