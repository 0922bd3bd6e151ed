import type { SecretDetector } from '../../types.js';

export const twitterBearerToken: SecretDetector = {
  id: 'twitter-bearer-token',
  title: 'X (Twitter) app bearer token',
  severity: 'high',
  keywords: ['aaaaaaaaaaaaaaaaaaaa'],
  // App-only bearer tokens start with a long run of `A` (a zero-padded ID) and are URL-encoded (`%2B`, `%3D`).
  pattern: /(?<![A-Za-z0-9%])(?<secret>A{20,24}[A-Za-z0-9%]{70,100})(?![A-Za-z0-9%])/,
  validate: (secret) => (/%[0-9A-F]{2}/.test(secret) && /[a-z]/.test(secret) && /\d/.test(secret) ? 'structure' : false),
  remediation:
    'Regenerate the bearer token in the X Developer Portal (Project > App > Keys and tokens > Regenerate), which invalidates the old one.',
  references: ['https://developer.x.com/en/docs/authentication/oauth-2-0/bearer-tokens'],
  aliases: { gitleaks: ['twitter-bearer-token'], trufflehog: ['Twitter'] },
};

export const TWITTER_DETECTORS = [twitterBearerToken];
