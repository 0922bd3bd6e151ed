import type { SecretDetector } from '../../types.js';

export const pulumiAccessToken: SecretDetector = {
  id: 'pulumi-access-token',
  title: 'Pulumi Cloud access token',
  severity: 'high',
  keywords: ['pul-'],
  pattern: /(?<![\w-])(?<secret>pul-[a-f0-9]{40})(?![\w-])/,
  minEntropy: 3,
  remediation: 'Delete the token (Pulumi Cloud > Settings > Access tokens) and use OIDC-issued tokens in CI.',
  references: ['https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/'],
  aliases: { gitleaks: ['pulumi-api-token'], trufflehog: ['Pulumi'] },
};

export const DETECTORS: SecretDetector[] = [pulumiAccessToken];
