import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const typeformToken: SecretDetector = {
  id: 'typeform-personal-access-token',
  title: 'Typeform personal access token',
  severity: 'high',
  keywords: ['tfp_'],
  pattern: prefixed('tfp_', '[A-Za-z0-9_.=-]{59}', '(?![A-Za-z0-9_.=-])'),
  validate: structural((secret) => looksRandom(secret.slice(4), 16)),
  remediation: 'Revoke the token in Typeform (Account > Personal tokens) and generate a new one.',
  references: ['https://www.typeform.com/developers/get-started/personal-access-token/'],
  aliases: { gitleaks: ['typeform-api-token'], trufflehog: ['Typeform'] },
};

export const TYPEFORM_DETECTORS = [typeformToken];
