import type { SecretDetector } from '../../types.js';

export const buildkiteApiToken: SecretDetector = {
  id: 'buildkite-api-token',
  title: 'Buildkite user API access token',
  severity: 'high',
  keywords: ['bkua_'],
  pattern: /(?<![\w])(?<secret>bkua_[a-f0-9]{40})(?![\w])/,
  minEntropy: 3,
  remediation: 'Revoke the token (Personal settings > API access tokens) and create one with only the scopes and organizations needed.',
  references: ['https://buildkite.com/docs/apis/managing-api-tokens'],
  aliases: { trufflehog: ['Buildkite'] },
};

export const DETECTORS: SecretDetector[] = [buildkiteApiToken];
