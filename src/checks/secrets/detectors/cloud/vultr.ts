import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { Confirmation, SecretDetector } from '../../types.js';

/** Vultr keys are upper-case only; the assignment pattern is case-insensitive. */
function vultrShape(secret: string): Confirmation | false {
  return /^[A-Z0-9]+$/.test(secret) ? mixesLettersAndDigits(secret) : false;
}

export const vultrApiKey: SecretDetector = {
  id: 'vultr-api-key',
  title: 'Vultr API key',
  severity: 'critical',
  keywords: ['vultr'],
  pattern: assignmentPattern('vultr', '[A-Z0-9]{36}', { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3.5,
  validate: vultrShape,
  remediation: 'Regenerate the key (Account > API) or delete the sub-account key, and restrict API access to known IP ranges.',
  references: ['https://docs.vultr.com/platform/other/api/manage-api-keys'],
  aliases: { trufflehog: ['VultrApiKey'] },
};

export const DETECTORS: SecretDetector[] = [vultrApiKey];
