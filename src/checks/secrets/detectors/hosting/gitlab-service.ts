import type { SecretDetector } from '../../types.js';

const TOKEN_DOC = 'https://docs.gitlab.com/security/tokens/';

/** Tokens GitLab issues to services rather than to people, each with a prefix of its own. */
export const gitlabIncomingMailToken: SecretDetector = {
  id: 'gitlab-incoming-mail-token',
  title: 'GitLab incoming email token',
  severity: 'medium',
  keywords: ['glimt-'],
  // Also inside the reply-to addresses GitLab builds from it (`incoming+group-project-42-glimt-...-issue@`).
  pattern: /(?<!\w)(?<secret>glimt-[A-Za-z0-9_-]{25})(?!\w)/,
  minEntropy: 3,
  remediation: 'Reset the incoming email token (User settings > Access tokens > Incoming email token): whoever holds it can open issues and merge requests by email as you.',
  references: [TOKEN_DOC, 'https://docs.gitlab.com/administration/incoming_email/'],
  aliases: { gitleaks: ['gitlab-incoming-mail-token'] },
};

export const gitlabFeatureFlagClientToken: SecretDetector = {
  id: 'gitlab-feature-flag-client-token',
  title: 'GitLab feature flags client token',
  severity: 'medium',
  keywords: ['glffct-'],
  pattern: /(?<![\w-])(?<secret>glffct-[A-Za-z0-9_-]{20})(?![\w-])/,
  minEntropy: 3,
  remediation: 'Reset the instance ID (Deploy > Feature flags > Configure > Reset): the token reads every feature flag and strategy of the project.',
  references: [TOKEN_DOC, 'https://docs.gitlab.com/operations/feature_flags/'],
  aliases: { gitleaks: ['gitlab-feature-flag-client-token'] },
};

export const gitlabScimToken: SecretDetector = {
  id: 'gitlab-scim-token',
  title: 'GitLab SCIM token',
  severity: 'high',
  keywords: ['glsoat-'],
  pattern: /(?<![\w-])(?<secret>glsoat-[A-Za-z0-9_-]{20})(?![\w-])/,
  minEntropy: 3,
  remediation: 'Reset the SCIM token (group Settings > SAML SSO > Generate a SCIM token) and update the identity provider: the token provisions and removes the group\'s members.',
  references: [TOKEN_DOC, 'https://docs.gitlab.com/api/scim/'],
  aliases: { gitleaks: ['gitlab-scim-token'] },
};

export const DETECTORS: SecretDetector[] = [gitlabIncomingMailToken, gitlabFeatureFlagClientToken, gitlabScimToken];
