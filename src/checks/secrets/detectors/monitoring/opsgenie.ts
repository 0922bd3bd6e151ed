import type { SecretDetector } from '../../types.js';
import { UUID, assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from '../saas/support.js';

export const opsgenieApiKey: SecretDetector = {
  id: 'opsgenie-api-key',
  title: 'Opsgenie API key',
  severity: 'high',
  keywords: ['opsgenie', 'genie'],
  // Named after Opsgenie, or sent as `Authorization: GenieKey <key>`.
  pattern: assignmentPattern('opsgenie|geniekey', UUID, VENDOR_SETTING),
  validate: structural((secret) => looksRandom(secret.replace(/-/g, ''))),
  remediation: 'Delete the API key or integration in Opsgenie (Settings > API key management, or the team integration) and create a new one.',
  references: ['https://support.atlassian.com/opsgenie/docs/api-key-management/'],
  aliases: { trufflehog: ['Opsgenie'] },
};

export const OPSGENIE_DETECTORS = [opsgenieApiKey];
