import { githubStyleChecksum } from '../checksum.js';
import type { SecretDetector } from '../../types.js';
import { looksRandom } from '../saas/support.js';

const TOKEN_FORMATS = 'https://github.blog/engineering/platform-security/behind-githubs-new-authentication-token-formats/';

interface ClassicTokenKind {
  id: string;
  title: string;
  prefix: string;
  gitleaks: string;
  remediation: string;
}

/**
 * ghp_/gho_/ghu_/ghs_/ghr_ share one shape: 30 random base62 characters + their CRC32 in 6 base62 characters. A string
 * whose checksum fails is rejected on purpose: GitHub never issued it, so a random string with a valid prefix (a test
 * fixture, a scanner's sample) is not a credential, whatever a regex-only scanner reports.
 */
function classicToken(kind: ClassicTokenKind): SecretDetector {
  return {
    id: kind.id,
    title: kind.title,
    severity: 'high',
    keywords: [kind.prefix],
    pattern: new RegExp(`(?<![A-Za-z0-9_])(?<secret>${kind.prefix}[A-Za-z0-9]{36})(?![A-Za-z0-9_])`),
    validate: (secret) => githubStyleChecksum(secret),
    remediation: kind.remediation,
    references: [TOKEN_FORMATS, 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/token-expiration-and-revocation'],
    aliases: { gitleaks: [kind.gitleaks], trufflehog: ['Github'] },
  };
}

export const githubPat = classicToken({
  id: 'github-pat',
  title: 'GitHub personal access token (classic)',
  prefix: 'ghp_',
  gitleaks: 'github-pat',
  remediation: 'Delete the token (Settings > Developer settings > Personal access tokens), review the security log, and replace it with a fine-grained token or a GitHub App.',
});

export const githubOauthToken = classicToken({
  id: 'github-oauth-token',
  title: 'GitHub OAuth access token',
  prefix: 'gho_',
  gitleaks: 'github-oauth',
  remediation: 'Revoke the authorization (Settings > Applications > Authorized OAuth Apps) or, as the app owner, call DELETE /applications/{client_id}/token.',
});

export const githubUserToServerToken = classicToken({
  id: 'github-user-to-server-token',
  title: 'GitHub App user access token',
  prefix: 'ghu_',
  gitleaks: 'github-app-token',
  remediation: 'Revoke the user authorization of the GitHub App (Settings > Applications > Authorized GitHub Apps) or via DELETE /applications/{client_id}/token.',
});

export const githubServerToServerToken = classicToken({
  id: 'github-server-to-server-token',
  title: 'GitHub App installation access token',
  prefix: 'ghs_',
  gitleaks: 'github-app-token',
  remediation: 'Revoke the installation token (DELETE /installation/token) and, if the App private key leaked with it, generate a new key and delete the old one.',
});

export const githubRefreshToken = classicToken({
  id: 'github-refresh-token',
  title: 'GitHub App refresh token',
  prefix: 'ghr_',
  gitleaks: 'github-refresh-token',
  remediation: 'Revoke the user authorization of the GitHub App so the refresh token can no longer mint user access tokens.',
});

export const githubFineGrainedPat: SecretDetector = {
  id: 'github-fine-grained-pat',
  title: 'GitHub fine-grained personal access token',
  severity: 'high',
  keywords: ['github_pat_'],
  // Issued as `github_pat_` + 22 + `_` + 59 base62 characters (93 in all). GitHub documents no checksum for these and
  // says token lengths may grow, so today's lengths are minimums and longer tokens match; a shorter one is cut off.
  pattern: /(?<![A-Za-z0-9_])(?<secret>github_pat_[A-Za-z0-9]{22,40}_[A-Za-z0-9]{59,200})(?![A-Za-z0-9_])/,
  minEntropy: 4,
  validate: (secret) => (looksRandom(secret.slice(secret.lastIndexOf('_') + 1)) ? 'entropy' : false),
  remediation: 'Delete the token (Settings > Developer settings > Fine-grained tokens); organization owners can also revoke it from the organization settings.',
  references: ['https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens'],
  aliases: { gitleaks: ['github-fine-grained-pat'], trufflehog: ['Github'] },
};

export const DETECTORS: SecretDetector[] = [
  githubPat,
  githubOauthToken,
  githubUserToServerToken,
  githubServerToServerToken,
  githubRefreshToken,
  githubFineGrainedPat,
];
