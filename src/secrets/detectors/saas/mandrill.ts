import type { SecretDetector } from '../../types.js';
import { assignedTo, ci } from './support.js';

export const mandrillApiKey: SecretDetector = {
  id: 'mandrill-api-key',
  title: 'Mandrill (Mailchimp Transactional) API key',
  severity: 'high',
  keywords: ['mandrill'],
  pattern: assignedTo(ci('mandrill'), '[A-Za-z0-9_-]{22}'),
  minEntropy: 3.5,
  remediation: 'Delete the key under Settings > SMTP & API Info in Mandrill and create a new one.',
  references: ['https://mailchimp.com/developer/transactional/guides/quick-start/'],
  aliases: { trufflehog: ['Mandrill'] },
};

export const MANDRILL_DETECTORS = [mandrillApiKey];
