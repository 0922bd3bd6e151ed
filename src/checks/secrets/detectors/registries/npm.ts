import { githubStyleChecksum } from '../checksum.js';
import type { SecretDetector } from '../../types.js';

/** `.npmrc` `_authToken`/`_auth` values of any registry are covered by generic/npmrc.ts; this is the npm token itself. */
export const npmAccessToken: SecretDetector = {
  id: 'npm-access-token',
  title: 'npm access token',
  severity: 'high',
  keywords: ['npm_'],
  // Same scheme as GitHub tokens: 30 random base62 characters + their CRC32 in base62. A failing checksum is rejected
  // on purpose: npm never issued that string, so it is not a credential.
  pattern: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
  validate: (secret) => githubStyleChecksum(secret),
  remediation:
    'Revoke the token (npmjs.com > Access Tokens, or `npm token revoke <id>`), check the packages it could publish for unexpected versions, and use granular tokens or trusted publishing (OIDC) in CI.',
  references: ['https://github.blog/security/announcing-npms-new-access-token-format/', 'https://docs.npmjs.com/revoking-access-tokens'],
  aliases: { gitleaks: ['npm-access-token'], trufflehog: ['NpmToken'] },
};

export const DETECTORS: SecretDetector[] = [npmAccessToken];
