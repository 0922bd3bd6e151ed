import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING } from './support.js';

export const mandrillApiKey: SecretDetector = {
  id: 'mandrill-api-key',
  title: 'Mandrill (Mailchimp Transactional) API key',
  severity: 'high',
  keywords: ['mandrill'],
  pattern: assignmentPattern('mandrill', '[A-Za-z0-9_-]{22}', VENDOR_SETTING),
  minEntropy: 3.5,
  remediation: 'Delete the key under Settings > SMTP & API Info in Mandrill and create a new one.',
  references: ['https://mailchimp.com/developer/transactional/guides/quick-start/'],
  aliases: { trufflehog: ['Mandrill'] },
};

export const MANDRILL_DETECTORS = [mandrillApiKey];
