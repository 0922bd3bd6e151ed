import { assignmentPattern } from '../assignment.js';
import type { SecretDetector } from '../../types.js';

const AWS_KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html';
const ROTATE_ACCESS_KEY =
  'Deactivate and delete the access key in IAM (Users > Security credentials, or `aws iam update-access-key --status Inactive` then `delete-access-key`), review CloudTrail for its use, and move workloads to roles (IRSA, instance profiles) instead of long-lived keys.';

export const awsAccessKeyId: SecretDetector = {
  id: 'aws-access-key-id',
  title: 'AWS access key ID',
  severity: 'critical',
  keywords: ['akia', 'asia', 'abia', 'acca'],
  // ASIA keys are temporary (STS), the rest long-lived; all are 4-letter prefix + 16 base32 characters.
  pattern: /(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/,
  minEntropy: 3,
  allow: [/EXAMPLE$/],
  remediation: ROTATE_ACCESS_KEY,
  references: [AWS_KEYS_DOC],
  aliases: { gitleaks: ['aws-access-token'], trufflehog: ['AWS'] },
};

export const awsSecretAccessKey: SecretDetector = {
  id: 'aws-secret-access-key',
  title: 'AWS secret access key',
  severity: 'critical',
  keywords: ['secret_access', 'secretaccess', 'secret-access', 'aws_secret', 'aws-secret', 'awssecret'],
  pattern: assignmentPattern(
    String.raw`(?:aws[_-]?)?secret[_-]?access[_-]?key|aws[_-]?secret(?:[_-]?key)?`,
    '[A-Za-z0-9/+]{40}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 4,
  allow: [/EXAMPLE/],
  remediation: ROTATE_ACCESS_KEY,
  references: [AWS_KEYS_DOC],
  aliases: { trufflehog: ['AWS'] },
};

export const awsSessionToken: SecretDetector = {
  id: 'aws-session-token',
  title: 'AWS session token',
  severity: 'high',
  keywords: ['session_token', 'sessiontoken', 'session-token', 'security_token', 'security-token'],
  pattern: assignmentPattern(
    String.raw`(?:aws[_-]?)?session[_-]?token|(?:amz|aws)[_-]?security[_-]?token`,
    '[A-Za-z0-9/+]{100,2000}={0,2}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 4.5,
  maxMatchLength: 2200,
  remediation:
    'Temporary credentials expire on their own; to cut access now, revoke the role sessions (IAM > Roles > Revoke active sessions) and stop committing `aws sts` output or credential caches.',
  references: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html'],
  aliases: { trufflehog: ['AWSSessionKey'] },
};

export const DETECTORS: SecretDetector[] = [awsAccessKeyId, awsSecretAccessKey, awsSessionToken];
