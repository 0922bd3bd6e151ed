import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const honeycombApiKey: SecretDetector = {
  id: 'honeycomb-api-key',
  title: 'Honeycomb API key',
  severity: 'high',
  keywords: ['honeycomb'],
  // Ingest keys (`hcaik_…`), configuration keys (22 base62) and classic keys (32 hex).
  pattern: assignmentPattern('honeycomb', '(?:hc[a-z]ik_[a-z0-9]{58}|[a-f0-9]{32}|[A-Za-z0-9]{22})', VENDOR_SETTING),
  minEntropy: 3,
  validate: structural((secret) => looksRandom(secret.replace(/^hc[a-z]ik_/, ''))),
  remediation: 'Delete the key in Honeycomb (Environment settings > API Keys) and create a new one with only the permissions needed.',
  references: ['https://docs.honeycomb.io/get-started/configure/environments/manage-api-keys/'],
  aliases: { trufflehog: ['Honeycomb'] },
};

export const HONEYCOMB_DETECTORS = [honeycombApiKey];
