import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

export const dynatraceToken: SecretDetector = {
  id: 'dynatrace-api-token',
  title: 'Dynatrace access token',
  severity: 'high',
  keywords: ['dt0'],
  // Documented as `<prefix>.<24-character public portion>.<64-character secret portion>`, the prefix naming the token
  // type (`dt0c01` API tokens, `dt0s01`… OAuth clients, `dt0s16` platform tokens). Issued portions are upper-case
  // base32, but the documentation fixes only their lengths, so either case is accepted.
  pattern: prefixed('dt0', '[a-z]\\d{2}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}'),
  validate: structural((secret) => looksRandom(secret.slice(secret.lastIndexOf('.') + 1), 16)),
  remediation: 'Revoke the token in Dynatrace (Access tokens > token > Delete) and generate a new one with only the scopes needed.',
  references: [
    'https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/access-tokens',
    'https://docs.dynatrace.com/docs/dynatrace-api/basics/dynatrace-api-authentication',
  ],
  aliases: { gitleaks: ['dynatrace-api-token'], trufflehog: ['Dynatrace'] },
};

export const DYNATRACE_DETECTORS = [dynatraceToken];
