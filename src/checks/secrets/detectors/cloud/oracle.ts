import type { SecretDetector } from '../../types.js';

export const oracleCloudApiKeyConfig: SecretDetector = {
  id: 'oracle-cloud-api-key-config',
  title: 'Oracle Cloud (OCI) API signing key configuration',
  severity: 'high',
  keywords: ['ocid1.user'],
  // An OCI config (or Terraform provider block) names the user and the fingerprint of its signing key; committed
  // together they are the credential minus the PEM, which usually sits next to them.
  pattern:
    /\buser(?:_ocid)?[ \t]{0,4}=[ \t]{0,4}"?ocid1\.user\.oc1\.\.[a-z0-9]{20,80}"?[\s\S]{0,300}?\bfingerprint[ \t]{0,4}=[ \t]{0,4}"?(?<secret>[0-9a-f]{2}(?::[0-9a-f]{2}){15})(?![0-9a-f:])/,
  remediation:
    'Delete the API key from the user (Identity > Users > API keys), remove the config and its key_file from the repository, and use instance principals or workload identity instead.',
  references: ['https://docs.oracle.com/en-us/iaas/Content/API/Concepts/apisigningkey.htm'],
};

export const DETECTORS: SecretDetector[] = [oracleCloudApiKeyConfig];
