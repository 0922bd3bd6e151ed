import { assignmentPattern } from '../assignment.js';
import { mixesLettersAndDigits } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

export const cloudflareApiToken: SecretDetector = {
  id: 'cloudflare-api-token',
  title: 'Cloudflare API token',
  severity: 'high',
  keywords: ['cloudflare', 'cf_api_token', 'cf-api-token', 'cfapitoken'],
  pattern: assignmentPattern(
    String.raw`cloudflare|cf[_-]?api[_-]?token`,
    '[A-Za-z0-9_-]{40}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 4,
  validate: mixesLettersAndDigits,
  remediation: 'Roll or delete the token (My Profile > API Tokens) and recreate it with minimal permissions, zone scope and IP filtering.',
  references: ['https://developers.cloudflare.com/fundamentals/api/get-started/create-token/'],
  aliases: { gitleaks: ['cloudflare-api-key'], trufflehog: ['CloudflareApiToken'] },
};

export const cloudflareGlobalApiKey: SecretDetector = {
  id: 'cloudflare-global-api-key',
  title: 'Cloudflare global API key',
  severity: 'critical',
  keywords: ['cloudflare', 'cf_api_key', 'cf-api-key', 'cfapikey', 'x-auth-key'],
  pattern: assignmentPattern(
    String.raw`cloudflare|cf[_-]?api[_-]?key|x-auth-key`,
    '[a-f0-9]{37}',
    { secretCase: 'insensitive', nesting: 'none' },
  ),
  minEntropy: 3,
  remediation: 'Change the global API key (My Profile > API Tokens > Global API Key > Change) and move automation to scoped API tokens.',
  references: ['https://developers.cloudflare.com/fundamentals/api/get-started/keys/'],
  aliases: { gitleaks: ['cloudflare-global-api-key'], trufflehog: ['CloudflareGlobalApiKey'] },
};

export const cloudflareOriginCaKey: SecretDetector = {
  id: 'cloudflare-origin-ca-key',
  title: 'Cloudflare Origin CA key',
  severity: 'high',
  keywords: ['v1.0-'],
  pattern: /(?<![\w.-])(?<secret>v1\.0-[a-f0-9]{24}-[a-f0-9]{146})(?![\w-])/,
  minEntropy: 3,
  remediation: 'Change the Origin CA key (My Profile > API Tokens > Origin CA Key) and revoke certificates issued with it that you do not recognise.',
  references: ['https://developers.cloudflare.com/ssl/origin-configuration/origin-ca/'],
  aliases: { gitleaks: ['cloudflare-origin-ca-key'], trufflehog: ['CloudflareCaKey'] },
};

export const DETECTORS: SecretDetector[] = [cloudflareApiToken, cloudflareGlobalApiKey, cloudflareOriginCaKey];
