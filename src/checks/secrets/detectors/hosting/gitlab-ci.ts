import type { SecretDetector } from '../../types.js';

const TOKEN_DOC = 'https://docs.gitlab.com/security/tokens/';

export const gitlabPipelineTriggerToken: SecretDetector = {
  id: 'gitlab-pipeline-trigger-token',
  title: 'GitLab pipeline trigger token',
  severity: 'high',
  keywords: ['glptt-'],
  pattern: /(?<![\w-])(?<secret>glptt-[a-f0-9]{40})(?![\w-])/,
  minEntropy: 3,
  remediation: 'Revoke the trigger (Settings > CI/CD > Pipeline trigger tokens) and create a new one; triggered pipelines run with its owner\'s permissions.',
  references: ['https://docs.gitlab.com/ci/triggers/'],
  aliases: { gitleaks: ['gitlab-ptt'] },
};

export const gitlabRunnerRegistrationToken: SecretDetector = {
  id: 'gitlab-runner-registration-token',
  title: 'GitLab runner registration token (deprecated)',
  severity: 'high',
  keywords: ['gr1348941'],
  pattern: /(?<![\w-])(?<secret>GR1348941[A-Za-z0-9_-]{20})(?![\w-])/,
  minEntropy: 3,
  remediation: 'Reset the registration token (Settings > CI/CD > Runners) and migrate to runner authentication tokens created in the UI.',
  references: ['https://docs.gitlab.com/ci/runners/new_creation_workflow/'],
  aliases: { gitleaks: ['gitlab-rrt'] },
};

export const gitlabRunnerAuthToken: SecretDetector = {
  id: 'gitlab-runner-auth-token',
  title: 'GitLab runner authentication token',
  severity: 'high',
  keywords: ['glrt-'],
  pattern: /(?<![\w-])(?<secret>glrt-(?:[A-Za-z0-9_-]{20}|t[0-9]_[A-Za-z0-9_-]{27,300}\.[0-9a-z]{2}[.]?[0-9a-z]{7}))(?![\w.-])/,
  minEntropy: 3,
  remediation: 'Reset the runner\'s authentication token (runner settings, or POST /runners/reset_authentication_token) and re-register the runner; a leaked one lets anyone pick up its jobs and their secrets.',
  references: [TOKEN_DOC],
  aliases: { gitleaks: ['gitlab-runner-authentication-token', 'gitlab-runner-authentication-token-routable'] },
};

export const gitlabCiJobToken: SecretDetector = {
  id: 'gitlab-ci-job-token',
  title: 'GitLab CI/CD job token',
  severity: 'medium',
  keywords: ['glcbt-'],
  pattern: /(?<![\w-])(?<secret>glcbt-[A-Za-z0-9]{1,5}_[A-Za-z0-9_-]{20})(?![\w-])/,
  minEntropy: 3,
  remediation: 'Job tokens expire with the job; cancel the job if it is still running and stop printing CI_JOB_TOKEN into logs or artifacts.',
  references: ['https://docs.gitlab.com/ci/jobs/ci_job_token/'],
  aliases: { gitleaks: ['gitlab-cicd-job-token'] },
};

export const DETECTORS: SecretDetector[] = [gitlabPipelineTriggerToken, gitlabRunnerRegistrationToken, gitlabRunnerAuthToken, gitlabCiJobToken];
