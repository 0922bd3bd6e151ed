import type { SecretDetector } from '../../types.js';

export const dockerHubPat: SecretDetector = {
  id: 'docker-hub-pat',
  title: 'Docker Hub personal access token',
  severity: 'high',
  keywords: ['dckr_pat_'],
  pattern: /(?<![\w-])(?<secret>dckr_pat_[A-Za-z0-9_-]{27})(?![\w-])/,
  minEntropy: 3.5,
  remediation: 'Delete the token (Docker Hub > Account settings > Personal access tokens) and check the audit log for pushes made with it.',
  references: ['https://docs.docker.com/security/access-tokens/'],
  aliases: { trufflehog: ['Docker'] },
};

export const dockerHubOat: SecretDetector = {
  id: 'docker-hub-oat',
  title: 'Docker Hub organization access token',
  severity: 'high',
  keywords: ['dckr_oat_'],
  pattern: /(?<![\w-])(?<secret>dckr_oat_[A-Za-z0-9_-]{27,40})(?![\w-])/,
  minEntropy: 3.5,
  remediation: 'Delete or deactivate the token (organization settings > Access tokens) and check the activity log for its use.',
  references: ['https://docs.docker.com/enterprise/security/access-tokens/'],
  aliases: { trufflehog: ['Docker'] },
};

export const DETECTORS: SecretDetector[] = [dockerHubPat, dockerHubOat];
