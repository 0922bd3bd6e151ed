import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

const REMEDIATION =
  'Disable, then delete the AccessKey pair in RAM (Users > AccessKey), check ActionTrail for its use, and use RAM roles / STS instead of long-lived keys.';
const REFERENCES = ['https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair'];

export const alibabaAccessKeyId: SecretDetector = {
  id: 'alibaba-access-key-id',
  title: 'Alibaba Cloud AccessKey ID',
  severity: 'critical',
  keywords: ['ltai'],
  // Older IDs are LTAI + 12, current ones LTAI + 20.
  pattern: /(?<![A-Za-z0-9])(?<secret>LTAI[A-Za-z0-9]{12,20})(?![A-Za-z0-9])/,
  minEntropy: 3,
  validate: mixesLettersAndDigits,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['alibaba-access-key-id'], trufflehog: ['Alibaba'] },
};

export const alibabaAccessKeySecret: SecretDetector = {
  id: 'alibaba-access-key-secret',
  title: 'Alibaba Cloud AccessKey secret',
  severity: 'critical',
  keywords: ['alibaba', 'aliyun', 'accesskeysecret', 'access_key_secret', 'access-key-secret'],
  pattern: assignmentPattern(
    String.raw`alibaba|aliyun|access[_-]?key[_-]?secret`,
    '[A-Za-z0-9]{30}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 4,
  validate: mixesLettersAndDigits,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['alibaba-secret-key'], trufflehog: ['Alibaba'] },
};

export const DETECTORS: SecretDetector[] = [alibabaAccessKeyId, alibabaAccessKeySecret];
