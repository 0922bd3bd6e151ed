import { parsesAsPrivateKey } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const gcpServiceAccountKey: SecretDetector = {
  id: 'gcp-service-account-key',
  title: 'Google Cloud service account key (JSON)',
  severity: 'critical',
  keywords: ['service_account'],
  // The key file lists `type` before `private_key`; the secret is the PEM with its JSON `\n` escapes.
  pattern:
    /"type"\s{0,4}:\s{0,4}"service_account"[^}]{0,600}?"private_key"\s{0,4}:\s{0,4}"(?<secret>-----BEGIN (?:RSA )?PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{100,6000}-----END (?:RSA )?PRIVATE KEY-----(?:\\n)?)"/,
  validate: (secret) => parsesAsPrivateKey(secret),
  maxMatchLength: 7000,
  remediation:
    'Delete the key (IAM & Admin > Service accounts > Keys, or `gcloud iam service-accounts keys delete`), check Cloud Audit Logs for its use, and prefer Workload Identity over exported keys.',
  references: ['https://cloud.google.com/iam/docs/keys-create-delete'],
  aliases: { trufflehog: ['GCP'] },
};

export const gcpApiKey: SecretDetector = {
  id: 'gcp-api-key',
  title: 'Google API key',
  severity: 'high',
  keywords: ['aiza'],
  pattern: /(?<![\w-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![\w-])/,
  minEntropy: 3.5,
  remediation:
    'Delete or regenerate the key (APIs & Services > Credentials) and restrict its replacement to the APIs and referrers/IPs that need it.',
  references: ['https://cloud.google.com/docs/authentication/api-keys'],
  aliases: { gitleaks: ['gcp-api-key'] },
};

export const googleOauthClientSecret: SecretDetector = {
  id: 'google-oauth-client-secret',
  title: 'Google OAuth client secret',
  severity: 'high',
  keywords: ['gocspx-'],
  pattern: /(?<![\w-])(?<secret>GOCSPX-[A-Za-z0-9_-]{28})(?![\w-])/,
  minEntropy: 3.5,
  remediation: 'Add a new secret to the OAuth client (APIs & Services > Credentials), deploy it, then disable and delete the leaked one.',
  references: ['https://support.google.com/cloud/answer/15549257'],
  aliases: { trufflehog: ['GoogleOauth2'] },
};

export const DETECTORS: SecretDetector[] = [gcpServiceAccountKey, gcpApiKey, googleOauthClientSecret];
