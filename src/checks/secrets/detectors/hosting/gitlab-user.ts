import type { SecretDetector } from '../../types.js';

const TOKEN_DOC = 'https://docs.gitlab.com/security/tokens/';
const PAT_REMEDIATION =
  'Revoke the token (User settings > Access tokens, or POST /personal_access_tokens/:id/revoke) and check the audit events for its use.';

export const gitlabPat: SecretDetector = {
  id: 'gitlab-pat',
  title: 'GitLab personal access token',
  severity: 'high',
  keywords: ['glpat-'],
  pattern: /(?<![\w-])(?<secret>glpat-[A-Za-z0-9_-]{20})(?![\w.-])/,
  minEntropy: 3,
  remediation: PAT_REMEDIATION,
  references: [TOKEN_DOC],
  aliases: { gitleaks: ['gitlab-pat'], trufflehog: ['Gitlab'] },
};

export const gitlabPatRoutable: SecretDetector = {
  id: 'gitlab-pat-routable',
  title: 'GitLab personal access token (routable format)',
  severity: 'high',
  keywords: ['glpat-'],
  // base64url payload, then `.`, a 2-character version and a 7-character base36 checksum.
  pattern: /(?<![\w-])(?<secret>glpat-[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}[.]?[0-9a-z]{7})(?![\w.-])/,
  minEntropy: 4,
  remediation: PAT_REMEDIATION,
  references: [TOKEN_DOC],
  aliases: { gitleaks: ['gitlab-pat-routable'], trufflehog: ['Gitlab'] },
};

export const gitlabFeedToken: SecretDetector = {
  id: 'gitlab-feed-token',
  title: 'GitLab feed token',
  severity: 'medium',
  keywords: ['glft-'],
  pattern: /(?<![\w-])(?<secret>glft-[A-Za-z0-9_-]{20})(?![\w.-])/,
  minEntropy: 3,
  remediation: 'Reset the feed token (User settings > Access tokens > Reset feed token); it exposes RSS/Atom feeds and calendars of private projects.',
  references: [TOKEN_DOC],
  aliases: { gitleaks: ['gitlab-feed-token'] },
};

export const DETECTORS: SecretDetector[] = [gitlabPat, gitlabPatRoutable, gitlabFeedToken];
