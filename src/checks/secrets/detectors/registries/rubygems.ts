import type { SecretDetector } from '../../types.js';

export const rubygemsApiKey: SecretDetector = {
  id: 'rubygems-api-key',
  title: 'RubyGems.org API key',
  severity: 'high',
  keywords: ['rubygems_'],
  pattern: /(?<![\w])(?<secret>rubygems_[a-f0-9]{48})(?![\w])/,
  minEntropy: 3,
  remediation: 'Delete the key (rubygems.org > Settings > API keys) and use scoped keys with MFA or trusted publishing.',
  references: ['https://guides.rubygems.org/api-key-scopes/'],
  aliases: { gitleaks: ['rubygems-api-token'], trufflehog: ['RubyGems'] },
};

export const DETECTORS: SecretDetector[] = [rubygemsApiKey];
