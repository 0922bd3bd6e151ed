import type { SecretDetector } from '../../types.js';
import { UUID } from '../assignment.js';

const ID = UUID.replace(/a-f/g, 'a-fA-F');

export const teamsWebhookUrl: SecretDetector = {
  id: 'microsoft-teams-webhook-url',
  title: 'Microsoft Teams incoming webhook URL',
  severity: 'medium',
  keywords: ['webhook.office.com', 'outlook.office.com'],
  pattern: new RegExp(
    `(?<secret>https:\\/\\/(?:[a-z0-9-]{1,63}\\.webhook|outlook)\\.office\\.com\\/webhook(?:b2)?\\/${ID}@${ID}\\/IncomingWebhook\\/[a-f0-9]{32}\\/${ID}(?:\\/[A-Za-z0-9_-]{40,60})?)(?![A-Za-z0-9_-])`,
  ),
  remediation:
    'Remove the Incoming Webhook connector from the channel (Manage channel > Connectors) and configure a new one; anyone holding the URL can post into the channel.',
  references: ['https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook'],
  aliases: { gitleaks: ['microsoft-teams-webhook'], trufflehog: ['MicrosoftTeamsWebhook'] },
};

export const TEAMS_DETECTORS = [teamsWebhookUrl];
