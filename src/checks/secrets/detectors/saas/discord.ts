import type { SecretDetector } from '../../types.js';
import { assignmentPattern } from '../assignment.js';
import { decodeBase64, mixesLettersAndDigits } from '../checksum.js';
import { TOKEN_END, looksRandom, structural } from './support.js';

/** The first part of a bot token is the bot's user ID (a Discord snowflake) in base64. */
function startsWithSnowflake(secret: string): boolean {
  const id = decodeBase64(secret.slice(0, secret.indexOf('.')))?.toString('latin1');
  return id !== undefined && /^\d{17,20}$/.test(id);
}

/**
 * `<bot user ID in base64>.<timestamp>.<HMAC>`. The first part must decode to a 17-20 digit snowflake, which a random
 * string of that shape does about never, so the token is taken wherever Discord is named near it (`DISCORD_TOKEN=`,
 * `require('discord.js')` above `client.login('…')`, `import discord` above `bot.run('…')`), not only in a setting.
 */
export const discordBotToken: SecretDetector = {
  id: 'discord-bot-token',
  title: 'Discord bot token',
  severity: 'high',
  keywords: ['discord'],
  // The user ID part is a 17-20 digit snowflake in unpadded base64: 23-27 characters.
  pattern: /(?<![\w-])(?<secret>[MNO][A-Za-z0-9_-]{22,26}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![\w-])/,
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

/**
 * An OAuth2 client secret: 32 random URL-safe characters with nothing that marks them as Discord's, so only a setting
 * that names both Discord and a secret (`DISCORD_CLIENT_SECRET=`, `discord_secret:`) is trusted; `discord:` followed by
 * an arbitrary child key is not enough here.
 */
export const discordClientSecret: SecretDetector = {
  id: 'discord-client-secret',
  title: 'Discord OAuth2 client secret',
  severity: 'high',
  keywords: ['discord'],
  pattern: assignmentPattern('discord[\\w.-]{0,20}?secret', '[A-Za-z0-9_-]{32}', { secretCase: 'sensitive', nesting: 'none', end: TOKEN_END }),
  minEntropy: 3.5,
  validate: (secret) => (looksRandom(secret) ? mixesLettersAndDigits(secret) : false),
  remediation:
    'Reset the secret in the Discord Developer Portal (Applications > OAuth2 > Reset Secret) and update the services that exchange codes with it.',
  references: ['https://discord.com/developers/docs/topics/oauth2'],
  aliases: { gitleaks: ['discord-client-secret'] },
};

export const DISCORD_DETECTORS = [discordBotToken, discordClientSecret, discordWebhookUrl];
