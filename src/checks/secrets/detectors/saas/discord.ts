import type { SecretDetector } from '../../types.js';
import { decodeBase64 } from '../checksum.js';
import { assignmentPattern } from '../assignment.js';
import { VENDOR_SETTING, looksRandom, structural } from './support.js';

/** The first part of a bot token is the bot's user ID (a Discord snowflake) in base64. */
function startsWithSnowflake(secret: string): boolean {
  const id = decodeBase64(secret.slice(0, secret.indexOf('.')))?.toString('latin1');
  return id !== undefined && /^\d{17,20}$/.test(id);
}

export const discordBotToken: SecretDetector = {
  id: 'discord-bot-token',
  title: 'Discord bot token',
  severity: 'high',
  keywords: ['discord'],
  pattern: assignmentPattern(
    'discord',
    '[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}',
    VENDOR_SETTING,
  ),
  validate: structural(startsWithSnowflake),
  remediation:
    'Reset the token in the Discord Developer Portal (Applications > Bot > Reset Token); the old token stops working immediately.',
  references: ['https://discord.com/developers/docs/reference#authentication'],
  aliases: { trufflehog: ['DiscordBotToken'] },
};

export const discordWebhookUrl: SecretDetector = {
  id: 'discord-webhook-url',
  title: 'Discord webhook URL',
  severity: 'medium',
  keywords: ['discord'],
  pattern:
    /(?<secret>https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/(?:v\d{1,2}\/)?webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/,
  validate: structural((secret) => looksRandom(secret.slice(secret.lastIndexOf('/') + 1))),
  remediation:
    'Delete the webhook in the channel settings (Integrations > Webhooks) and create a new one; anyone holding the URL can post as it.',
  references: ['https://discord.com/developers/docs/resources/webhook'],
  aliases: { trufflehog: ['DiscordWebhook'] },
};

export const DISCORD_DETECTORS = [discordBotToken, discordWebhookUrl];
