import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural } from './support.js';

export const databricksToken: SecretDetector = {
  id: 'databricks-api-token',
  title: 'Databricks personal access token',
  severity: 'high',
  keywords: ['dapi'],
  pattern: prefixed('dapi', '[a-f0-9]{32}(?:-\\d)?'),
  validate: structural((secret) => looksRandom(secret.slice(4, 36))),
  remediation: 'Revoke the token in the Databricks workspace (User Settings > Developer > Access tokens) or via the Token API.',
  references: ['https://docs.databricks.com/aws/en/dev-tools/auth/pat'],
  aliases: { gitleaks: ['databricks-api-token'], trufflehog: ['Databrickstoken'] },
};

export const DATABRICKS_DETECTORS = [databricksToken];
