import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const postmanApiKey: SecretDetector = {
  id: 'postman-api-key',
  title: 'Postman API key',
  severity: 'high',
  keywords: ['pmak-'],
  pattern: prefixed('PMAK-', '[a-f0-9]{24}-[a-f0-9]{34}'),
  validate: structural((secret) => looksRandom(secret.slice(30))),
  remediation: 'Revoke the key in Postman (Settings > API keys) and generate a new one; Postman also auto-revokes keys it finds public.',
  references: ['https://learning.postman.com/docs/developer/postman-api/authentication/'],
  aliases: { gitleaks: ['postman-api-token'], trufflehog: ['Postman'] },
};

export const POSTMAN_DETECTORS = [postmanApiKey];
