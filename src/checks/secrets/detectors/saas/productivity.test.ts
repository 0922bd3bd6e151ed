import { describe } from 'vitest';
import { AIRTABLE_DETECTORS } from './airtable.js';
import { ALGOLIA_DETECTORS } from './algolia.js';
import { ASANA_DETECTORS } from './asana.js';
import { AUTH0_DETECTORS } from './auth0.js';
import { BOX_DETECTORS } from './box.js';
import { CONTENTFUL_DETECTORS } from './contentful.js';
import { DROPBOX_DETECTORS } from './dropbox.js';
import { FACEBOOK_DETECTORS } from './facebook.js';
import { FIGMA_DETECTORS } from './figma.js';
import { FIREBASE_DETECTORS } from './firebase.js';
import { FRAMEIO_DETECTORS } from './frameio.js';
import { HUBSPOT_DETECTORS } from './hubspot.js';
import { INTERCOM_DETECTORS } from './intercom.js';
import { LINEAR_DETECTORS } from './linear.js';
import { RAMPART_DETECTORS } from './rampart.js';
import { newToken } from '../../../../services/server/store/tokens.js';
import { LINKEDIN_DETECTORS } from './linkedin.js';
import { MAPBOX_DETECTORS } from './mapbox.js';
import { NOTION_DETECTORS } from './notion.js';
import { OKTA_DETECTORS } from './okta.js';
import { TWITCH_DETECTORS } from './twitch.js';
import { TWITTER_DETECTORS } from './twitter.js';
import { TYPEFORM_DETECTORS } from './typeform.js';
import { ZENDESK_DETECTORS } from './zendesk.js';
import { ALNUM, BASE64URL, DIGITS, HEX, LOWER_ALNUM, base64Json, describeDetectors, random, uuid } from './testing.js';

const twitch = random(LOWER_ALNUM, 30);
const twitter = `${'A'.repeat(22)}${random(ALNUM, 10)}%2B${random(ALNUM, 40)}%3D${random(ALNUM, 30)}`;
const fbToken = `EAAB${random(ALNUM, 180)}`;
const fbSecret = random(HEX, 32);
const linkedin = random(ALNUM, 16);
const rampartToken = newToken();
const linkedinNew = `WPL_AP1.${random(ALNUM, 16)}.${random(ALNUM, 8)}==`;
const dropbox = `sl.${random(BASE64URL, 138)}`;
const dropboxLong = `sl.u.${random(BASE64URL, 1800)}`;
const box = random(ALNUM, 32);
const asana1 = `1/${random(DIGITS, 16)}:${random(HEX, 32)}`;
const asana2 = `2/${random(DIGITS, 16)}/${random(DIGITS, 16)}:${random(HEX, 32)}`;
const asana0 = `0/${random(HEX, 32)}`;
const notionLegacy = `secret_${random(ALNUM, 43)}`;
const notion = `ntn_${random(DIGITS, 11)}${random(ALNUM, 35)}`;
const airtable = `pat${random(ALNUM, 14)}.${random(HEX, 64)}`;
const linear = `lin_api_${random(ALNUM, 40)}`;
const figma = `figd_${random(BASE64URL, 40)}`;
const zendesk = random(ALNUM, 40);
const intercom = Buffer.from(`tok:${uuid()}:1:0`).toString('base64');
const hubspot = `pat-na1-${uuid()}`;
const okta = `00${random(BASE64URL, 40)}`;
const auth0 = random(BASE64URL, 64);
const contentful = `CFPAT-${random(BASE64URL, 43)}`;
const algolia = random(HEX, 32);
const mapbox = `sk.${base64Json({ u: 'acme', a: random(LOWER_ALNUM, 25) }, true)}.${random(BASE64URL, 22)}`;
const mapboxPublic = `pk.${base64Json({ u: 'acme', a: random(LOWER_ALNUM, 25) }, true)}.${random(BASE64URL, 22)}`;
const fcm = `AAAA${random(BASE64URL, 7)}:APA91b${random(BASE64URL, 134)}`;
const frameio = `fio-u-${random(BASE64URL, 64)}`;
const typeform = `tfp_${random(BASE64URL, 44)}_${random(ALNUM, 14)}`;

describe('productivity, social and developer SaaS detectors', () => {
  describeDetectors(
    [
      ...TWITCH_DETECTORS,
      ...TWITTER_DETECTORS,
      ...FACEBOOK_DETECTORS,
      ...LINKEDIN_DETECTORS,
      ...DROPBOX_DETECTORS,
      ...BOX_DETECTORS,
      ...ASANA_DETECTORS,
      ...NOTION_DETECTORS,
      ...AIRTABLE_DETECTORS,
      ...LINEAR_DETECTORS,
      ...RAMPART_DETECTORS,
      ...FIGMA_DETECTORS,
      ...ZENDESK_DETECTORS,
      ...INTERCOM_DETECTORS,
      ...HUBSPOT_DETECTORS,
      ...OKTA_DETECTORS,
      ...AUTH0_DETECTORS,
      ...CONTENTFUL_DETECTORS,
      ...ALGOLIA_DETECTORS,
      ...MAPBOX_DETECTORS,
      ...FIREBASE_DETECTORS,
      ...FRAMEIO_DETECTORS,
      ...TYPEFORM_DETECTORS,
    ],
    {
      'twitch-api-token': {
        truePositives: [
          { text: `TWITCH_CLIENT_SECRET=${twitch}`, secret: twitch },
          { text: `twitch:\n  oauth: "oauth:${twitch}"`, secret: `oauth:${twitch}` },
        ],
        falsePositives: [`TWITCH_CLIENT_SECRET=${'a'.repeat(30)}`, `TWITCH_CLIENT_ID=${random(LOWER_ALNUM, 31)}`],
      },
      'twitter-bearer-token': {
        truePositives: [
          { text: `TWITTER_BEARER_TOKEN=${twitter}`, secret: twitter },
          { text: `headers = {"Authorization": "Bearer ${twitter}"}`, secret: twitter },
        ],
        falsePositives: [`padding = "${'A'.repeat(120)}"`, `data: ${'A'.repeat(22)}${random(ALNUM, 80)}`],
      },
      'facebook-access-token': {
        truePositives: [
          { text: `FACEBOOK_ACCESS_TOKEN=${fbToken}`, secret: fbToken },
          { text: `whatsapp:\n  token: "${fbToken}"`, secret: fbToken },
        ],
        falsePositives: [`blob = "${fbToken}"`, `FB_TOKEN=EAAB${'x'.repeat(100)}`],
      },
      'facebook-app-secret': {
        truePositives: [
          { text: `FACEBOOK_APP_SECRET=${fbSecret}`, secret: fbSecret },
          { text: `{"fb_app_secret": "${fbSecret}"}`, secret: fbSecret },
        ],
        falsePositives: [`md5 = "${fbSecret}"`, `FACEBOOK_APP_SECRET=${'0'.repeat(32)}`],
      },
      'linkedin-client-secret': {
        truePositives: [
          { text: `LINKEDIN_CLIENT_SECRET=${linkedin}`, secret: linkedin },
          { text: `linkedin:\n  clientSecret: '${linkedinNew}'`, secret: linkedinNew },
        ],
        falsePositives: [`LINKEDIN_CLIENT_SECRET=${'x'.repeat(16)}`, `LINKEDIN_CLIENT_SECRET=${random(ALNUM, 20)}`],
      },
      'dropbox-access-token': {
        truePositives: [
          { text: `DROPBOX_ACCESS_TOKEN=${dropbox}`, secret: dropbox },
          { text: `dbx = dropbox.Dropbox("${dropbox}")`, secret: dropbox },
          { text: `${'#'.repeat(2000)}\nDROPBOX_TOKEN=${dropboxLong}\n`, secret: dropboxLong },
        ],
        falsePositives: [`ssl.${random(BASE64URL, 140)}`, `sl.${random(BASE64URL, 60)}`],
      },
      'box-api-token': {
        truePositives: [
          { text: `BOX_CLIENT_SECRET=${box}`, secret: box },
          { text: `{"boxAppSettings": {"clientSecret": "x"}, "box_developer_token": "${box}"}`, secret: box },
        ],
        falsePositives: [`CHECKBOX_SECRET=${box}`, `BOX_CLIENT_SECRET=${'a'.repeat(32)}`],
      },
      'asana-personal-access-token': {
        truePositives: [
          { text: `ASANA_ACCESS_TOKEN=${asana1}`, secret: asana1 },
          { text: `client = asana.Client.access_token('${asana2}')`, secret: asana2 },
          { text: `asana:\n  personal_access_token: "${asana0}"`, secret: asana0 },
        ],
        falsePositives: [
          `ratio = ${asana1}`,
          `ASANA_TOKEN=1/${random(DIGITS, 16)}:${'0'.repeat(32)}`,
          `ASANA_TOKEN=0/${'a'.repeat(32)}`,
          `ASANA_TOKEN=0/${random(HEX, 31)}`,
          `ASANA_PROJECT=0/${random(HEX, 32)}/tasks`,
        ],
      },
      'notion-integration-token': {
        truePositives: [
          { text: `NOTION_TOKEN=${notionLegacy}`, secret: notionLegacy },
          { text: `const notion = new Client({ auth: '${notion}' })`, secret: notion },
        ],
        falsePositives: [`client_secret_${random(ALNUM, 43)}`, `secret_${'a'.repeat(43)}`, `ntn_${random(DIGITS, 11)}`],
      },
      'airtable-personal-access-token': {
        truePositives: [
          { text: `AIRTABLE_API_KEY=${airtable}`, secret: airtable },
          { text: `Authorization: Bearer ${airtable}`, secret: airtable },
        ],
        falsePositives: [`pat${random(ALNUM, 14)}.${random(HEX, 40)}`, `spat${random(ALNUM, 14)}.${random(HEX, 64)}`],
      },
      'rampart-api-token': {
        truePositives: [
          { text: `RAMPART_TOKEN=${rampartToken}`, secret: rampartToken },
          { text: `Authorization: Bearer ${rampartToken}`, secret: rampartToken },
        ],
        falsePositives: [`rmp_${'x'.repeat(43)}`, `rmp_${random(ALNUM, 20)}`],
      },
      'linear-api-key': {
        truePositives: [
          { text: `LINEAR_API_KEY=${linear}`, secret: linear },
          { text: `new LinearClient({ apiKey: "${linear}" })`, secret: linear },
        ],
        falsePositives: [`lin_api_${'x'.repeat(40)}`, `lin_api_${random(ALNUM, 30)}`],
      },
      'figma-personal-access-token': {
        truePositives: [
          { text: `FIGMA_TOKEN=${figma}`, secret: figma },
          { text: `-H 'X-Figma-Token: ${figma}'`, secret: figma },
        ],
        falsePositives: [`figd_${'x'.repeat(40)}`, `figd_${random(ALNUM, 20)}`],
      },
      'zendesk-api-token': {
        truePositives: [
          { text: `ZENDESK_API_TOKEN=${zendesk}`, secret: zendesk },
          { text: `zendesk:\n  token: ${zendesk}`, secret: zendesk },
        ],
        falsePositives: [`ZENDESK_API_TOKEN=${'a'.repeat(40)}`, `commit ${zendesk}`],
      },
      'intercom-access-token': {
        truePositives: [
          { text: `INTERCOM_ACCESS_TOKEN=${intercom}`, secret: intercom },
          { text: `intercom:\n  accessToken: "${intercom}"`, secret: intercom },
        ],
        falsePositives: [
          `INTERCOM_ACCESS_TOKEN=${Buffer.from(`abc:${uuid()}:1:0`).toString('base64')}`,
          `INTERCOM_APP_ID=${random(LOWER_ALNUM, 8)}`,
        ],
      },
      'hubspot-private-app-token': {
        truePositives: [
          { text: `HUBSPOT_ACCESS_TOKEN=${hubspot}`, secret: hubspot },
          { text: `hubspot.Client({ accessToken: '${hubspot.replace('na1', 'eu1')}' })`, secret: hubspot.replace('na1', 'eu1') },
        ],
        falsePositives: ['pat-na1-00000000-0000-0000-0000-000000000000', `pat-xx1-${uuid()}`],
      },
      'okta-api-token': {
        truePositives: [
          { text: `OKTA_API_TOKEN=${okta}`, secret: okta },
          { text: `Authorization: SSWS ${okta}`, secret: okta },
        ],
        falsePositives: [`OKTA_API_TOKEN=00${'x'.repeat(40)}`, `OKTA_CLIENT_ID=0oa${random(ALNUM, 17)}`],
      },
      'auth0-client-secret': {
        truePositives: [
          { text: `AUTH0_CLIENT_SECRET=${auth0}`, secret: auth0 },
          { text: `auth0:\n  clientSecret: '${auth0}'`, secret: auth0 },
        ],
        falsePositives: [`AUTH0_CLIENT_ID=${random(ALNUM, 32)}`, `AUTH0_CLIENT_SECRET=${'ab'.repeat(32)}`],
      },
      'contentful-personal-access-token': {
        truePositives: [
          { text: `CONTENTFUL_MANAGEMENT_TOKEN=${contentful}`, secret: contentful },
          { text: `contentful.createClient({ accessToken: '${contentful}' })`, secret: contentful },
        ],
        falsePositives: [`CFPAT-${'x'.repeat(43)}`, `CFPAT-${random(BASE64URL, 20)}`],
      },
      'algolia-admin-key': {
        truePositives: [
          { text: `ALGOLIA_ADMIN_KEY=${algolia}`, secret: algolia },
          { text: `{"algoliaApiKey": "${algolia}"}`, secret: algolia },
        ],
        falsePositives: [`ALGOLIA_SEARCH_API_KEY=${algolia}`, `ALGOLIA_API_KEY=${'0'.repeat(32)}`],
      },
      'mapbox-secret-token': {
        truePositives: [
          { text: `MAPBOX_DOWNLOADS_TOKEN=${mapbox}`, secret: mapbox },
          { text: `mapboxgl.accessToken = '${mapbox}';`, secret: mapbox },
        ],
        falsePositives: [
          `sk.${base64Json({ x: 1, y: random(ALNUM, 20) }, true)}.${random(BASE64URL, 22)}`,
          mapbox.replace('sk.', 'pk.'),
        ],
      },
      'mapbox-public-token': {
        truePositives: [
          { text: `mapboxgl.accessToken = '${mapboxPublic}';`, secret: mapboxPublic },
          { text: `<script>const map = new mapboxgl.Map({ accessToken: "${mapboxPublic}" });</script>`, secret: mapboxPublic },
        ],
        falsePositives: [
          `pk.${base64Json({ x: 1, y: random(ALNUM, 20) }, true)}.${random(BASE64URL, 22)}`,
          `stripe.pk.${base64Json({ u: 'acme', a: random(LOWER_ALNUM, 25) }, true)}`,
        ],
      },
      'firebase-cloud-messaging-server-key': {
        truePositives: [
          { text: `FCM_SERVER_KEY=${fcm}`, secret: fcm },
          { text: `headers: { Authorization: 'key=${fcm}' }`, secret: fcm },
        ],
        falsePositives: [`AAAA${random(BASE64URL, 7)}:APA91b${random(BASE64URL, 100)}`, `AAAA${random(BASE64URL, 7)}:APA91b${'x'.repeat(134)}`],
      },
      'frameio-api-token': {
        truePositives: [
          { text: `FRAMEIO_TOKEN=${frameio}`, secret: frameio },
          { text: `Authorization: Bearer ${frameio}`, secret: frameio },
        ],
        falsePositives: [`fio-u-${'x'.repeat(64)}`, `fio-u-${random(BASE64URL, 40)}`],
      },
      'typeform-personal-access-token': {
        truePositives: [
          { text: `TYPEFORM_TOKEN=${typeform}`, secret: typeform },
          { text: `typeform:\n  token: "${typeform}"`, secret: typeform },
        ],
        falsePositives: [`tfp_${'x'.repeat(59)}`, `tfp_${random(BASE64URL, 30)}`],
      },
    },
  );
});
