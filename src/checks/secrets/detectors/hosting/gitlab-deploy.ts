import type { SecretDetector } from '../../types.js';

export const gitlabDeployToken: SecretDetector = {
  id: 'gitlab-deploy-token',
  title: 'GitLab deploy token',
  severity: 'high',
  keywords: ['gldt-'],
  pattern: /(?<![\w-])(?<secret>gldt-[A-Za-z0-9_-]{20})(?![\w-])/,
  minEntropy: 3,
  remediation: 'Revoke the deploy token (Settings > Repository > Deploy tokens) and recreate it with only the scopes the consumer needs.',
  references: ['https://docs.gitlab.com/user/project/deploy_tokens/'],
  aliases: { gitleaks: ['gitlab-deploy-token'] },
};

export const gitlabAgentToken: SecretDetector = {
  id: 'gitlab-kubernetes-agent-token',
  title: 'GitLab agent for Kubernetes token',
  severity: 'high',
  keywords: ['glagent-'],
  pattern: /(?<![\w-])(?<secret>glagent-[A-Za-z0-9_-]{50})(?![\w-])/,
  minEntropy: 3.5,
  remediation: 'Revoke the agent token (Operate > Kubernetes clusters > agent > Access tokens), create a new one and update the agent\'s Secret.',
  references: ['https://docs.gitlab.com/user/clusters/agent/work_with_agent/'],
  aliases: { gitleaks: ['gitlab-kubernetes-agent-token'] },
};

export const gitlabOauthAppSecret: SecretDetector = {
  id: 'gitlab-oauth-app-secret',
  title: 'GitLab OAuth application secret',
  severity: 'high',
  keywords: ['gloas-'],
  pattern: /(?<![\w-])(?<secret>gloas-[A-Za-z0-9_-]{64})(?![\w-])/,
  minEntropy: 3.5,
  remediation: 'Renew the application secret (Applications > Renew secret) and update the application that signs in with GitLab.',
  references: ['https://docs.gitlab.com/integration/oauth_provider/'],
  aliases: { gitleaks: ['gitlab-oauth-app-secret'] },
};

export const DETECTORS: SecretDetector[] = [gitlabDeployToken, gitlabAgentToken, gitlabOauthAppSecret];
