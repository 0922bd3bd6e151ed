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
// Issued bodies are unpadded base64 of `2-<team>-<user>-<id>-<id>-<64 hex>`, so mixed case and starting `Mi0y`.
const rotatingBody = () =>
  Buffer.from(`2-${random(DIGITS, 13)}-${random(DIGITS, 13)}-${random(DIGITS, 13)}-${random(DIGITS, 13)}-${random(HEX, 64)}`)
    .toString('base64')
    .replace(/=+$/, '');
const rotatingUser = `xoxe.xoxp-1-${rotatingBody()}`;
const rotatingBot = `xoxe.xoxb-1-${rotatingBody()}`;
const refresh = `xoxe-1-${random(UPPER_ALNUM, 146)}`;
const refreshMixed = `xoxe-1-My0x${random(ALNUM, 140)}`;
const workspace = `xoxa-2-${random(DIGITS, 12)}-${random(DIGITS, 12)}-${random(DIGITS, 12)}-${random(HEX, 64)}`;
const workspaceRefresh = `xoxr-${random(DIGITS, 12)}-${random(DIGITS, 12)}-${random(ALNUM, 40)}`;
const webhook = `https://hooks.slack.com/services/T${random(UPPER_ALNUM, 8)}/B${random(UPPER_ALNUM, 10)}/${random(ALNUM, 24)}`;
const workflow = `https://hooks.slack.com/workflows/T${random(UPPER_ALNUM, 9)}/A${random(UPPER_ALNUM, 10)}/${random(DIGITS, 18)}/${random(HEX, 32)}`;

const snowflake = `1${random(DIGITS, 18)}`;
const discordToken = () =>
  `${Buffer.from(snowflake).toString('base64url')}.${random(BASE64URL, 6)}.${random(BASE64URL, 38)}`;
const discordBot = discordToken();
const oldBot = `${Buffer.from(random(DIGITS, 17)).toString('base64url')}.${random(BASE64URL, 6)}.${random(BASE64URL, 27)}`;
const discordSecret = `${random(ALNUM, 12)}_${random(BASE64URL, 19)}`;
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
        { text: `SLACK_BOT_TOKEN=${rotatingBot}`, secret: rotatingBot },
        { text: `SLACK_USER_TOKEN = "${rotatingUser}"`, secret: rotatingUser },
      ],
      falsePositives: [`xoxe.xoxp-1-${random(UPPER_ALNUM, 40)}`, `xoxe.xoxp-1-${'X'.repeat(163)}`],
    },
    'slack-refresh-token': {
      truePositives: [
        { text: `SLACK_REFRESH_TOKEN=${refresh}`, secret: refresh },
        { text: `{"refresh_token":"${refresh}"}`, secret: refresh },
        { text: `refresh_token = "${refreshMixed}"`, secret: refreshMixed },
      ],
      falsePositives: [`xoxe-1-${random(UPPER_ALNUM, 60)}`, `xoxe-1-${'A'.repeat(146)}`, 'refresh_token: xoxe-1-abcdefg'],
    },
    'slack-legacy-workspace-token': {
      truePositives: [
        { text: `SLACK_TOKEN=${workspace}`, secret: workspace },
        { text: `{"access_token": "${workspace}", "token_type": "app"}`, secret: workspace },
        { text: `refresh: '${workspaceRefresh}'`, secret: workspaceRefresh },
      ],
      falsePositives: [
        '"access_token": "xoxa-access-token-string"',
        `xoxa-2-${random(DIGITS, 12)}-${random(DIGITS, 12)}-${'0'.repeat(64)}`,
        `xoxa-2-${random(DIGITS, 12)}-${random(HEX, 64)}-tail`,
      ],
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
    'discord-client-secret': {
      truePositives: [
        { text: `DISCORD_CLIENT_SECRET=${discordSecret}\n`, secret: discordSecret },
        { text: `  discordClientSecret: "${discordSecret}"`, secret: discordSecret },
        { text: `export DISCORD_SECRET='${discordSecret}'`, secret: discordSecret },
      ],
      falsePositives: [
        `DISCORD_CLIENT_ID=${random(DIGITS, 18)}\nCLIENT_SECRET_NAME=${discordSecret}`,
        `discord:\n  channel: "${discordSecret}"`,
        `DISCORD_CLIENT_SECRET=${'x'.repeat(32)}`,
        `DISCORD_CLIENT_SECRET=${discordSecret}abc`,
        'DISCORD_CLIENT_SECRET=discordClientSecretFromTheVault',
      ],
    },
    'discord-bot-token': {
      truePositives: [
        { text: `DISCORD_TOKEN=${discordBot}`, secret: discordBot },
        { text: `discord:\n  botToken: "${discordBot}"`, secret: discordBot },
        { text: `DISCORD_BOT_TOKEN='${oldBot}'`, secret: oldBot },
        { text: `const { Client } = require('discord.js');\nconst client = new Client({ intents: [] });\nclient.login('${discordBot}');\n`, secret: discordBot },
        { text: `import discord\n\nbot = discord.Bot()\nbot.run("${oldBot}")\n`, secret: oldBot },
      ],
      falsePositives: [
        `import discord\nbot.run("${Buffer.from('12345678901234567x').toString('base64url')}.${random(BASE64URL, 6)}.${random(BASE64URL, 38)}")`,
        `discord:\n  token: "${discordBot}${random(BASE64URL, 3)}"`,
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
