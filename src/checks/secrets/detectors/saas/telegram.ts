import type { SecretDetector } from '../../types.js';
import { settingPrefix } from '../assignment.js';
import { TOKEN_END, looksRandom, structural } from './support.js';

const TOKEN = '\\d{8,10}:AA[A-Za-z0-9_-]{33}';

export const telegramBotToken: SecretDetector = {
  id: 'telegram-bot-token',
  title: 'Telegram bot token',
  severity: 'high',
  keywords: ['telegram'],
  // Either a setting named after Telegram or the Bot API URL, which embeds the token after `/bot`.
  pattern: new RegExp(
    `(?:${settingPrefix('telegram', 'one-level')}|api\\.telegram\\.org\\/bot)(?<secret>${TOKEN})${TOKEN_END}`,
  ),
  validate: structural((secret) => looksRandom(secret.slice(secret.indexOf(':') + 3))),
  remediation:
    'Send /revoke for the bot to @BotFather to invalidate the token and issue a new one, then update the deployment secret.',
  references: ['https://core.telegram.org/bots/api#authorizing-your-bot'],
  aliases: { gitleaks: ['telegram-bot-api-token'], trufflehog: ['TelegramBotToken'] },
};

export const TELEGRAM_DETECTORS = [telegramBotToken];
