import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

const REMEDIATION =
  'Revoke the token and its children (`vault token revoke <token>` or revoke the accessor), review the audit log, and give workloads short-TTL tokens from an auth method instead of static ones.';
const REFERENCES = ['https://developer.hashicorp.com/vault/docs/concepts/tokens'];

export const vaultServiceToken: SecretDetector = {
  id: 'vault-service-token',
  title: 'HashiCorp Vault service token',
  severity: 'high',
  keywords: ['hvs.'],
  // Dev-server root tokens are hvs. + 24 characters; regular service tokens run to about 95.
  pattern: /(?<![\w.-])(?<secret>hvs\.[A-Za-z0-9_-]{24,120})(?![\w-])/,
  minEntropy: 3.5,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['vault-service-token'] },
};

export const vaultBatchToken: SecretDetector = {
  id: 'vault-batch-token',
  title: 'HashiCorp Vault batch token',
  severity: 'high',
  keywords: ['hvb.'],
  pattern: /(?<![\w.-])(?<secret>hvb\.[A-Za-z0-9_-]{138,300})(?![\w-])/,
  minEntropy: 4,
  remediation: 'Batch tokens cannot be revoked one by one: revoke their parent or disable the issuing auth role, and keep their TTL short.',
  references: REFERENCES,
  aliases: { gitleaks: ['vault-batch-token'] },
};

export const vaultLegacyToken: SecretDetector = {
  id: 'vault-legacy-token',
  title: 'HashiCorp Vault token (legacy s. format)',
  severity: 'high',
  keywords: ['vault'],
  pattern: assignmentPattern('vault', String.raw`s\.[A-Za-z0-9]{24}`, { secretCase: 'insensitive', nesting: 'none' }),
  minEntropy: 3.5,
  validate: mixesLettersAndDigits,
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['vault-service-token'] },
};

export const DETECTORS: SecretDetector[] = [vaultServiceToken, vaultBatchToken, vaultLegacyToken];
