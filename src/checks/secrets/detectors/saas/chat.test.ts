import { describe } from 'vitest';
import { DISCORD_DETECTORS } from './discord.js';
import { SLACK_DETECTORS } from './slack.js';
import { TEAMS_DETECTORS } from './teams.js';
import { TELEGRAM_DETECTORS } from './telegram.js';
import { ALNUM, BASE64URL, DIGITS, HEX, UPPER_ALNUM, describeDetectors, random, uuid } from './testing.js';

const team = () => `${random(DIGITS, 11)}-${random(DIGITS, 12)}`;
const bot = `xoxb-${team()}-${random(ALNUM, 24)}`;
const user = `xoxp-${team()}-${random(DIGITS, 13)}-${random(HEX, 32)}`;
const app = `xapp-1-A${random(UPPER_ALNUM, 10)}-${random(DIGITS, 13)}-${random(HEX, 64)}`;
const config = `xoxe.xoxp-1-${random(UPPER_ALNUM, 163)}`;
const refresh = `xoxe-1-${random(UPPER_ALNUM, 146)}`;
const webhook = `https://hooks.slack.com/services/T${random(UPPER_ALNUM, 8)}/B${random(UPPER_ALNUM, 10)}/${random(ALNUM, 24)}`;
const workflow = `https://hooks.slack.com/workflows/T${random(UPPER_ALNUM, 9)}/A${random(UPPER_ALNUM, 10)}/${random(DIGITS, 18)}/${random(HEX, 32)}`;

const snowflake = `1${random(DIGITS, 18)}`;
const discordToken = () =>
  `${Buffer.from(snowflake).toString('base64url')}.${random(BASE64URL, 6)}.${random(BASE64URL, 38)}`;
const discordBot = discordToken();
const discordHook = `https://discord.com/api/webhooks/${snowflake}/${random(BASE64URL, 68)}`;

const telegram = `${random(DIGITS, 10)}:AA${random(BASE64URL, 33)}`;

const teamsHook = `https://contoso.webhook.office.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${random(HEX, 32)}/${uuid()}/V2${random(BASE64URL, 43)}`;

const outlookHook = `https://outlook.office.com/webhook/${uuid()}@${uuid()}/IncomingWebhook/${random(HEX, 32)}/${uuid()}`;

describe('chat detectors', () => {
  describeDetectors([...SLACK_DETECTORS, ...DISCORD_DETECTORS, ...TELEGRAM_DETECTORS, ...TEAMS_DETECTORS], {
    'slack-bot-token': {
      truePositives: [
        { text: `export SLACK_BOT_TOKEN=${bot}\n`, secret: bot },
        { text: `slack:\n  token: "${bot}"\n`, secret: bot },
      ],
      falsePositives: [
        'SLACK_BOT_TOKEN=xoxb-0000000000-0000000000-xxxxxxxxxxxxxxxxxxxxxxxx',
        `token = "${bot}extra"`,
        `token = "xoxb-${team()}-${random(ALNUM, 20)}"`,
      ],
    },
    'slack-user-token': {
      truePositives: [
        { text: `{"slack_user_token": "${user}"}`, secret: user },
        { text: `const token = '${user}';`, secret: user },
      ],
      falsePositives: [
        `xoxp-${team()}-${random(DIGITS, 13)}-${random(HEX, 31)}`,
        `xoxp-${team()}-${random(DIGITS, 13)}-${'0'.repeat(32)}`,
      ],
    },
    'slack-app-token': {
      truePositives: [
        { text: `SLACK_APP_TOKEN=${app}`, secret: app },
        { text: `  appToken: '${app}'`, secret: app },
      ],
      falsePositives: [`SLACK_APP_TOKEN=xapp-1-${random(UPPER_ALNUM, 10)}-${random(DIGITS, 13)}`, 'xapp-1-A0000-1-abc'],
    },
    'slack-config-token': {
      truePositives: [
        { text: `SLACK_CONFIG_TOKEN="${config}"`, secret: config },
        { text: `config_token: ${config}\n`, secret: config },
      ],
      falsePositives: [`xoxe.xoxp-1-${random(UPPER_ALNUM, 40)}`, `xoxe.xoxp-1-${'X'.repeat(163)}`],
    },
    'slack-refresh-token': {
      truePositives: [
        { text: `SLACK_REFRESH_TOKEN=${refresh}`, secret: refresh },
        { text: `{"refresh_token":"${refresh}"}`, secret: refresh },
      ],
      falsePositives: [`xoxe-1-${random(UPPER_ALNUM, 60)}`, `xoxe-1-${'A'.repeat(146)}`],
    },
    'slack-webhook-url': {
      truePositives: [
        { text: `SLACK_WEBHOOK_URL=${webhook}`, secret: webhook },
        { text: `curl -X POST -d @payload.json '${workflow}'`, secret: workflow },
      ],
      falsePositives: [
        'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
        'See https://hooks.slack.com/services/ for details',
      ],
    },
    'discord-bot-token': {
      truePositives: [
        { text: `DISCORD_TOKEN=${discordBot}`, secret: discordBot },
        { text: `discord:\n  botToken: "${discordBot}"`, secret: discordBot },
      ],
      falsePositives: [
        `DISCORD_TOKEN=${Buffer.from('not-a-snowflake-id').toString('base64url')}.${random(BASE64URL, 6)}.${random(BASE64URL, 38)}`,
        `token = "${discordToken()}"`,
      ],
    },
    'discord-webhook-url': {
      truePositives: [
        { text: `DISCORD_WEBHOOK=${discordHook}`, secret: discordHook },
        { text: `webhook_url: "${discordHook}"`, secret: discordHook },
      ],
      falsePositives: [
        `https://discord.com/api/webhooks/${snowflake}/${'x'.repeat(68)}`,
        'https://discord.com/api/webhooks/123/abc',
      ],
    },
    'telegram-bot-token': {
      truePositives: [
        { text: `TELEGRAM_BOT_TOKEN=${telegram}`, secret: telegram },
        { text: `fetch("https://api.telegram.org/bot${telegram}/sendMessage")`, secret: telegram },
      ],
      falsePositives: [
        `TELEGRAM_BOT_TOKEN=${random(DIGITS, 10)}:AA${'A'.repeat(33)}`,
        `time = ${random(DIGITS, 10)}:AA${random(BASE64URL, 33)}`,
      ],
    },
    'microsoft-teams-webhook-url': {
      truePositives: [
        { text: `TEAMS_WEBHOOK=${teamsHook}`, secret: teamsHook },
        { text: `url: "${outlookHook}"`, secret: outlookHook },
      ],
      falsePositives: [
        'https://contoso.webhook.office.com/webhookb2/<id>@<tenant>/IncomingWebhook/<hash>/<id>',
        `https://contoso.sharepoint.com/webhookb2/${uuid()}@${uuid()}/IncomingWebhook/${random(HEX, 32)}/${uuid()}`,
      ],
    },
  });
});
