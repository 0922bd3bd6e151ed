import type { SecretDetector } from '../../types.js';

export const terraformCloudToken: SecretDetector = {
  id: 'terraform-cloud-token',
  title: 'HCP Terraform / Terraform Enterprise API token',
  severity: 'high',
  keywords: ['atlasv1'],
  pattern: /(?<![A-Za-z0-9])(?<secret>[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?![\w=-])/,
  minEntropy: 3.5,
  remediation: 'Revoke the token (User settings > Tokens, or the organization/team token page) and prefer short-lived team tokens or dynamic credentials.',
  references: ['https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens'],
  aliases: { gitleaks: ['hashicorp-tf-api-token'], trufflehog: ['TerraformCloudPersonalToken'] },
};

export const DETECTORS: SecretDetector[] = [terraformCloudToken];
