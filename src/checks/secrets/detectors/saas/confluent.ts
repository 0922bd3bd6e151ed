import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING } from './support.js';

export const confluentApiSecret: SecretDetector = {
  id: 'confluent-api-secret',
  title: 'Confluent Cloud API secret',
  severity: 'high',
  keywords: ['confluent'],
  pattern: assignmentPattern('confluent', '[A-Za-z0-9+/]{64}', { ...VENDOR_SETTING, end: '(?![A-Za-z0-9_+/=-])' }),
  minEntropy: 4.5,
  remediation: 'Delete the API key in Confluent Cloud (Administration > API keys) and create a new one for the service account.',
  references: ['https://docs.confluent.io/cloud/current/security/authenticate/workload-identities/service-accounts/api-keys/overview.html'],
  aliases: { gitleaks: ['confluent-secret-key'], trufflehog: ['Confluent'] },
};

export const CONFLUENT_DETECTORS = [confluentApiSecret];
