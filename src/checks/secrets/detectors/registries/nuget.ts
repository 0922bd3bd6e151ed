import type { SecretDetector } from '../../types.js';

export const nugetApiKey: SecretDetector = {
  id: 'nuget-api-key',
  title: 'NuGet.org API key',
  severity: 'high',
  keywords: ['oy2'],
  pattern: /(?<![A-Za-z0-9])(?<secret>oy2[a-z0-9]{43})(?![A-Za-z0-9])/,
  minEntropy: 3.5,
  remediation: 'Delete or regenerate the key (nuget.org > API Keys) and scope the replacement to specific packages with an expiry, or use trusted publishing.',
  references: ['https://learn.microsoft.com/nuget/nuget-org/scoped-api-keys'],
  aliases: { trufflehog: ['NuGetApiKey'] },
};

export const DETECTORS: SecretDetector[] = [nugetApiKey];
