import { assignmentPattern, UUID } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

const REMEDIATION = 'Delete the API key (IAM > API keys, or `scw iam api-key delete`) and create a new one scoped to an application with a policy.';
const REFERENCES = ['https://www.scaleway.com/en/docs/iam/how-to/create-api-keys/'];

export const scalewayAccessKey: SecretDetector = {
  id: 'scaleway-access-key',
  title: 'Scaleway API access key',
  severity: 'medium',
  keywords: ['scw'],
  pattern: /(?<![A-Za-z0-9])(?<secret>SCW[A-Z0-9]{17})(?![A-Za-z0-9])/,
  minEntropy: 3,
  validate: mixesLettersAndDigits,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { trufflehog: ['ScalewayKey'] },
};

export const scalewaySecretKey: SecretDetector = {
  id: 'scaleway-secret-key',
  title: 'Scaleway API secret key',
  severity: 'critical',
  keywords: ['scw_secret', 'scw-secret', 'scwsecret', 'scaleway'],
  pattern: assignmentPattern(
    String.raw`scw[_-]?secret|scaleway[\w.-]{0,20}?secret`,
    UUID,
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { trufflehog: ['ScalewayKey'] },
};

export const DETECTORS: SecretDetector[] = [scalewayAccessKey, scalewaySecretKey];
