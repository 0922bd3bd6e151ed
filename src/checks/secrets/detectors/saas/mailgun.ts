import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const mailgunApiKey: SecretDetector = {
  id: 'mailgun-api-key',
  title: 'Mailgun API or webhook signing key',
  severity: 'high',
  keywords: ['mailgun'],
  // Legacy `key-<32 hex>` and the current `<32 hex>-<8 hex>-<8 hex>` form.
  pattern: assignmentPattern('mailgun', '(?:key-[a-f0-9]{32}|[a-f0-9]{32}-[a-f0-9]{8}-[a-f0-9]{8})', VENDOR_SETTING),
  validate: structural((secret) => looksRandom(secret.replace(/^key-/, '').slice(0, 32))),
  remediation:
    'Delete the key in the Mailgun dashboard (API Security > API keys, or Webhooks > signing key > Reset) and create a new one.',
  references: ['https://documentation.mailgun.com/docs/mailgun/user-manual/get-started/#api-keys'],
  aliases: { gitleaks: ['mailgun-private-api-token', 'mailgun-signing-key'], trufflehog: ['Mailgun'] },
};

export const MAILGUN_DETECTORS = [mailgunApiKey];
