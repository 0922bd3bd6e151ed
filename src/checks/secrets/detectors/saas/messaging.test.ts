import { describe } from 'vitest';
import { MAILCHIMP_DETECTORS } from './mailchimp.js';
import { MAILGUN_DETECTORS } from './mailgun.js';
import { MANDRILL_DETECTORS } from './mandrill.js';
import { POSTMARK_DETECTORS } from './postmark.js';
import { SENDGRID_DETECTORS } from './sendgrid.js';
import { TWILIO_DETECTORS } from './twilio.js';
import { BASE64URL, HEX, describeDetectors, random, uuid } from './testing.js';

const twilioToken = random(HEX, 32);
const twilioKey = `SK${random(HEX, 32)}`;
const sendgrid = `SG.${random(BASE64URL, 22)}.${random(BASE64URL, 43)}`;
const mailgunLegacy = `key-${random(HEX, 32)}`;
const mailgunCurrent = `${random(HEX, 32)}-${random(HEX, 8)}-${random(HEX, 8)}`;
const mailchimp = `${random(HEX, 32)}-us21`;
const postmark = uuid();
const mandrill = random(BASE64URL, 22);

describe('messaging and email detectors', () => {
  describeDetectors(
    [
      ...TWILIO_DETECTORS,
      ...SENDGRID_DETECTORS,
      ...MAILGUN_DETECTORS,
      ...MAILCHIMP_DETECTORS,
      ...POSTMARK_DETECTORS,
      ...MANDRILL_DETECTORS,
    ],
    {
      'twilio-auth-token': {
        truePositives: [
          { text: `TWILIO_AUTH_TOKEN=${twilioToken}`, secret: twilioToken },
          { text: `from twilio.rest import Client\nclient = Client("AC${random(HEX, 32)}", "${twilioToken}")`, secret: twilioToken },
        ],
        falsePositives: [`TWILIO_AUTH_TOKEN=${'0'.repeat(32)}`, `TWILIO_AUTH_TOKEN=${random(HEX, 31)}`],
      },
      'twilio-api-key': {
        truePositives: [
          { text: `TWILIO_API_KEY=${twilioKey}`, secret: twilioKey },
          { text: `from twilio.rest import Client\nclient = Client("${twilioKey}", secret, account_sid)`, secret: twilioKey },
        ],
        falsePositives: [
          `TWILIO_API_KEY=SK${random(HEX, 33)}`,
          `TWILIO_API_KEY=SK${'0'.repeat(32)}`,
          `# twilio\nid = ASK${random(HEX, 32)}`,
          `build_id = "SK${random(HEX, 32)}"`,
        ],
      },
      'sendgrid-api-key': {
        truePositives: [
          { text: `SENDGRID_API_KEY='${sendgrid}'`, secret: sendgrid },
          { text: `{"sendgrid": {"apiKey": "${sendgrid}"}}`, secret: sendgrid },
        ],
        falsePositives: [
          `SG.${'x'.repeat(22)}.${'x'.repeat(43)}`,
          `SG.${random(BASE64URL, 22)}.${random(BASE64URL, 40)}`,
        ],
      },
      'mailgun-api-key': {
        truePositives: [
          { text: `MAILGUN_API_KEY=${mailgunLegacy}`, secret: mailgunLegacy },
          { text: `mailgun:\n  signing_key: "${mailgunCurrent}"`, secret: mailgunCurrent },
        ],
        falsePositives: [`api_key = "${mailgunLegacy}"`, `MAILGUN_API_KEY=key-${'0'.repeat(32)}`],
      },
      'mailchimp-api-key': {
        truePositives: [
          { text: `MAILCHIMP_API_KEY=${mailchimp}`, secret: mailchimp },
          { text: `client.setConfig({ apiKey: "${mailchimp}", server: "us21" })`, secret: mailchimp },
        ],
        falsePositives: [`${'0'.repeat(32)}-us21`, `${random(HEX, 32)}-usa`, `x${random(HEX, 32)}-us1`],
      },
      'postmark-server-token': {
        truePositives: [
          { text: `POSTMARK_SERVER_TOKEN=${postmark}`, secret: postmark },
          { text: `postmark:\n  api_token: '${postmark}'`, secret: postmark },
        ],
        falsePositives: [
          'POSTMARK_SERVER_TOKEN=00000000-0000-0000-0000-000000000000',
          `request_id = "${postmark}"`,
        ],
      },
      'mandrill-api-key': {
        truePositives: [
          { text: `MANDRILL_API_KEY=${mandrill}`, secret: mandrill },
          { text: `mandrill_client = Mandrill('${mandrill}')`, secret: mandrill },
        ],
        falsePositives: ['MANDRILL_API_KEY=aaaaaaaaaaaaaaaaaaaaaa', `MANDRILL_API_KEY=${random(BASE64URL, 30)}`],
      },
    },
  );
});
