import { assignmentPattern } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

export const linodeToken: SecretDetector = {
  id: 'linode-token',
  title: 'Linode (Akamai Cloud) personal access token',
  severity: 'critical',
  keywords: ['linode'],
  pattern: assignmentPattern('linode', '[a-f0-9]{64}', { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3,
  remediation: 'Revoke the token (Cloud Manager > API Tokens) and recreate it with the narrowest scopes and an expiry.',
  references: ['https://techdocs.akamai.com/cloud-computing/docs/manage-personal-access-tokens'],
  aliases: { trufflehog: ['Linode'] },
};

export const DETECTORS: SecretDetector[] = [linodeToken];
