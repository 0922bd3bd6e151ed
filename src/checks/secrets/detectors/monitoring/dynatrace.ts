import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from '../saas/support.js';

export const dynatraceToken: SecretDetector = {
  id: 'dynatrace-api-token',
  title: 'Dynatrace access token',
  severity: 'high',
  keywords: ['dt0'],
  // `dt0c01.<24-char public ID>.<64-char secret>`; other `dt0<x>NN` generations share the layout.
  pattern: prefixed('dt0', '[a-z]\\d{2}\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}'),
  validate: structural((secret) => looksRandom(secret.slice(secret.lastIndexOf('.') + 1), 16)),
  remediation: 'Revoke the token in Dynatrace (Access tokens > token > Delete) and generate a new one with only the scopes needed.',
  references: ['https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/access-tokens'],
  aliases: { gitleaks: ['dynatrace-api-token'], trufflehog: ['Dynatrace'] },
};

export const DYNATRACE_DETECTORS = [dynatraceToken];
