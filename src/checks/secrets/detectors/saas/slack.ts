import type { SecretDetector } from '../../types.js';
import { looksRandom, prefixed, structural, tail } from './support.js';

const REFERENCES = ['https://api.slack.com/authentication/token-types'];
const REMEDIATION =
  'Revoke the token with auth.revoke or from the app settings at api.slack.com/apps (OAuth & Permissions > Revoke / regenerate), then reinstall the app and store the new token in a secret manager.';

export const slackBotToken: SecretDetector = {
  id: 'slack-bot-token',
  title: 'Slack bot token',
  severity: 'high',
  keywords: ['xoxb-'],
  pattern: prefixed('xoxb-', '\\d{9,13}-\\d{9,13}-[A-Za-z0-9]{24}'),
  validate: structural((secret) => looksRandom(tail(secret))),
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['slack-bot-token'], trufflehog: ['Slack'] },
};

export const slackUserToken: SecretDetector = {
  id: 'slack-user-token',
  title: 'Slack user token',
  severity: 'high',
  keywords: ['xoxp-'],
  // Rotated user tokens carry an `xoxe.` prefix; both act as the user who installed the app.
  pattern: prefixed('xoxp-', '\\d{9,13}-\\d{9,13}-\\d{9,13}-[a-f0-9]{32}'),
  validate: structural((secret) => looksRandom(tail(secret))),
  remediation: REMEDIATION,
  references: REFERENCES,
  aliases: { gitleaks: ['slack-user-token'], trufflehog: ['Slack'] },
};

export const slackAppToken: SecretDetector = {
  id: 'slack-app-token',
  title: 'Slack app-level token',
  severity: 'high',
  keywords: ['xapp-'],
  pattern: prefixed('xapp-', '\\d-[A-Z0-9]{9,12}-\\d{9,13}-[a-f0-9]{64}'),
  validate: structural((secret) => looksRandom(tail(secret))),
  remediation:
    'Revoke the app-level token under Basic Information > App-Level Tokens at api.slack.com/apps, generate a new one and store it in a secret manager.',
  references: REFERENCES,
  aliases: { gitleaks: ['slack-app-token'], trufflehog: ['SlackAppToken'] },
};

export const slackConfigToken: SecretDetector = {
  id: 'slack-config-token',
  title: 'Slack app configuration or rotating access token',
  severity: 'high',
  keywords: ['xoxe.xox'],
  // `xoxe.xoxp-1-<body>` (app configuration tokens, and user tokens with rotation on) or `xoxe.xoxb-1-…` (rotating bot
  // tokens). Slack documents only the prefixes; issued bodies are base62 of about 160 characters (mixed case: they
  // start with base64 text such as `Mi0y`), so any case is accepted and the length is bounded loosely.
  pattern: prefixed('xoxe.xox', '[bp]-\\d-[A-Za-z0-9]{120,220}'),
  validate: structural((secret) => looksRandom(tail(secret), 16)),
  remediation:
    'Revoke the configuration token at api.slack.com/apps (Your App Configuration Tokens > Revoke) and generate a new pair only when needed; it can create and modify apps.',
  references: ['https://api.slack.com/authentication/config-tokens'],
  aliases: { gitleaks: ['slack-config-access-token'] },
};

export const slackRefreshToken: SecretDetector = {
  id: 'slack-refresh-token',
  title: 'Slack refresh token',
  severity: 'high',
  keywords: ['xoxe-'],
  // `xoxe-1-<body>`: refresh tokens of configuration tokens and of rotating bot/user tokens; base62, any case.
  pattern: prefixed('xoxe-', '\\d-[A-Za-z0-9]{110,200}'),
  validate: structural((secret) => looksRandom(tail(secret), 16)),
  remediation:
    'Revoke the refresh token (auth.revoke or Revoke in the app configuration) so it cannot mint new access tokens, then re-run the token rotation flow.',
  references: ['https://api.slack.com/authentication/rotation'],
  aliases: { gitleaks: ['slack-config-refresh-token'] },
};

/**
 * Workspace app tokens (`xoxa-2-…`) and their refresh tokens (`xoxr-…`), from the developer preview Slack retired in
 * August 2021. Old repositories and their history still hold them; a token of an app that was migrated rather than
 * deleted may still be honoured, and nothing offline tells which.
 */
export const slackWorkspaceToken: SecretDetector = {
  id: 'slack-legacy-workspace-token',
  title: 'Slack legacy workspace app token',
  severity: 'medium',
  keywords: ['xoxa-', 'xoxr-'],
  pattern: prefixed('xox', '[ar]-(?:\\d-)?\\d{6,13}-(?:\\d{6,13}-){0,2}[A-Za-z0-9]{24,64}'),
  validate: structural((secret) => looksRandom(tail(secret))),
  rationale:
    'Workspace app tokens act for the app across the whole workspace with every scope it was granted. Slack retired workspace apps in August 2021, so most such tokens are dead, hence medium rather than high; a leaked one is still worth revoking, and its presence shows the repository once held live credentials.',
  remediation:
    'Revoke the token (auth.revoke, or remove the app from the workspace) and move the integration to a current Slack app with bot tokens stored in a secret manager.',
  references: ['https://api.slack.com/legacy/workspace-apps/working-with-workspace-tokens', 'https://api.slack.com/authentication/token-types'],
  aliases: { gitleaks: ['slack-legacy-workspace-token'] },
};

export const slackWebhookUrl: SecretDetector = {
  id: 'slack-webhook-url',
  title: 'Slack incoming webhook URL',
  severity: 'medium',
  keywords: ['hooks.slack.com'],
  pattern:
    /(?<secret>https?:\/\/hooks\.slack\.com\/(?:services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}|(?:workflows|triggers)\/T[A-Z0-9]{8,12}\/A[A-Z0-9]{8,12}\/\d{15,20}\/[a-f0-9]{32}))(?![A-Za-z0-9])/,
  validate: structural((secret) => looksRandom(secret.slice(secret.lastIndexOf('/') + 1))),
  remediation:
    'Delete the webhook under Incoming Webhooks (or the workflow trigger) in the Slack app settings and create a new one; anyone holding the URL can post into the channel.',
  references: ['https://api.slack.com/messaging/webhooks'],
  aliases: { gitleaks: ['slack-webhook-url'], trufflehog: ['SlackWebhook'] },
};

export const SLACK_DETECTORS = [
  slackBotToken,
  slackUserToken,
  slackAppToken,
  slackConfigToken,
  slackRefreshToken,
  slackWorkspaceToken,
  slackWebhookUrl,
];
