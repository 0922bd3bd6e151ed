import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const ibmCloudApiKey: SecretDetector = {
  id: 'ibm-cloud-api-key',
  title: 'IBM Cloud API key',
  severity: 'critical',
  keywords: ['ibm', 'ic_api_key', 'ic-api-key', 'icapikey'],
  pattern: assignmentPattern(
    String.raw`ibm[_-]?(?:cloud[_-]?)?api[_-]?key|ic[_-]?api[_-]?key`,
    '[A-Za-z0-9_-]{44}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 4,
  validate: mixesLettersAndDigits,
  remediation: 'Delete the API key (Manage > Access (IAM) > API keys, or `ibmcloud iam api-key-delete`) and use trusted profiles for workloads.',
  references: ['https://cloud.ibm.com/docs/account?topic=account-userapikey'],
  aliases: { trufflehog: ['IbmCloudUserKey'] },
};

export const DETECTORS: SecretDetector[] = [ibmCloudApiKey];
