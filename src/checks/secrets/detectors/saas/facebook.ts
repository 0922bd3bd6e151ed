import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

const CONTEXT = '(?:facebook|fb_|meta_|instagram|whatsapp)';
const REFERENCES = ['https://developers.facebook.com/docs/facebook-login/guides/access-tokens'];

export const facebookAccessToken: SecretDetector = {
  id: 'facebook-access-token',
  title: 'Meta (Facebook, Instagram, WhatsApp) access token',
  severity: 'high',
  keywords: ['facebook', 'fb_', 'meta_', 'instagram', 'whatsapp'],
  pattern: assignmentPattern(CONTEXT, 'EAA[A-Za-z0-9]{80,400}', VENDOR_SETTING),
  validate: structural((secret) => looksRandom(secret.slice(3), 16)),
  remediation:
    'Invalidate the token (change the app secret or remove the system user token in Business Settings > System users) and issue a new one with the minimum permissions.',
  references: REFERENCES,
  aliases: { gitleaks: ['facebook-access-token'], trufflehog: ['FacebookOAuth'] },
};

export const facebookAppSecret: SecretDetector = {
  id: 'facebook-app-secret',
  title: 'Meta (Facebook) app secret',
  severity: 'high',
  keywords: ['facebook', 'fb_', 'meta_', 'instagram', 'whatsapp'],
  pattern: assignmentPattern(CONTEXT, '[a-f0-9]{32}', VENDOR_SETTING),
  minEntropy: 3,
  validate: structural((secret) => looksRandom(secret)),
  remediation: 'Reset the app secret in the Meta App Dashboard (App settings > Basic > App secret > Reset).',
  references: REFERENCES,
  aliases: { gitleaks: ['facebook-secret'], trufflehog: ['FacebookOAuth'] },
};

export const FACEBOOK_DETECTORS = [facebookAccessToken, facebookAppSecret];
