import type { SecretDetector } from '../../types.js';
import { UUID, assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

export const postmarkServerToken: SecretDetector = {
  id: 'postmark-server-token',
  title: 'Postmark server or account token',
  severity: 'high',
  keywords: ['postmark'],
  pattern: assignmentPattern('postmark', UUID, VENDOR_SETTING),
  validate: structural((secret) => looksRandom(secret.replace(/-/g, ''))),
  remediation:
    'Regenerate the token in Postmark (Server > API Tokens, or Account > API Tokens) and update every sender using it.',
  references: ['https://postmarkapp.com/developer/api/overview#authentication'],
  aliases: { trufflehog: ['Postmark'] },
};

export const POSTMARK_DETECTORS = [postmarkServerToken];
