import type { SecretDetector } from '../../types.js';

export const supabaseAccessToken: SecretDetector = {
  id: 'supabase-access-token',
  title: 'Supabase personal access token',
  severity: 'high',
  keywords: ['sbp_'],
  pattern: /(?<![\w])(?<secret>sbp_[a-f0-9]{40})(?![\w])/,
  minEntropy: 3,
  remediation: 'Revoke the token (Dashboard > Account > Access tokens); it grants Management API access to every project of the account.',
  references: ['https://supabase.com/docs/reference/api/introduction'],
  aliases: { trufflehog: ['SupabaseToken'] },
};

export const DETECTORS: SecretDetector[] = [supabaseAccessToken];
