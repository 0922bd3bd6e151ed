import { describe } from 'vitest';
import { AGE_DETECTORS } from './age.js';
import { BECH32_CHARSET, bech32Checksum } from './bech32.js';
import { CONFLUENT_DETECTORS } from './confluent.js';
import { DATABRICKS_DETECTORS } from './databricks.js';
import { ELASTIC_DETECTORS } from './elastic.js';
import { LAUNCHDARKLY_DETECTORS } from './launchdarkly.js';
import { MONGODB_ATLAS_DETECTORS } from './mongodb-atlas.js';
import { PLANETSCALE_DETECTORS } from './planetscale.js';
import { POSTMAN_DETECTORS } from './postman.js';
import { SEGMENT_DETECTORS } from './segment.js';
import { SENTRY_DETECTORS } from './sentry.js';
import { ALNUM, BASE64, BASE64URL, HEX, base64Json, describeDetectors, random, uuid } from './testing.js';

const pscaleToken = `pscale_tkn_${random(BASE64URL.replace('_', ''), 43)}`;
const pscalePw = `pscale_pw_${random(BASE64URL.replace('_', ''), 43)}`;
const databricks = `dapi${random(HEX, 32)}`;
const confluent = random(BASE64, 64);
const elasticEncoded = Buffer.from(`${random(BASE64URL, 20)}:${random(BASE64URL, 22)}`).toString('base64');
const essu = `essu_${random(BASE64, 76)}==`;
const atlasPassword = random(ALNUM, 20);
const atlasUri = `mongodb+srv://app-user:${atlasPassword}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true`;
const atlasKey = uuid();
const ageData = random(BECH32_CHARSET, 52);
const age = `AGE-SECRET-KEY-1${(ageData + bech32Checksum('age-secret-key-', ageData)).toUpperCase()}`;
const sentryOrg = `sntrys_${base64Json({ iat: 1700000000, url: 'https://sentry.io', region_url: 'https://us.sentry.io', org: 'acme' }).replace(/=+$/, '')}_${random(BASE64, 43)}`;
const sentryUser = `sntryu_${random(HEX, 64)}`;
const sentrySecret = random(HEX, 32);
const sentryDsn = `https://${random(HEX, 32)}:${sentrySecret}@o123456.ingest.sentry.io/4505`;
const segment = `sgp_${random(ALNUM, 64)}`;
const ldSdk = `sdk-${uuid()}`;
const ldApi = `api-${uuid()}`;
const postman = `PMAK-${random(HEX, 24)}-${random(HEX, 34)}`;

describe('data platform, developer tooling and key detectors', () => {
  describeDetectors(
    [
      ...PLANETSCALE_DETECTORS,
      ...DATABRICKS_DETECTORS,
      ...CONFLUENT_DETECTORS,
      ...ELASTIC_DETECTORS,
      ...MONGODB_ATLAS_DETECTORS,
      ...AGE_DETECTORS,
      ...SENTRY_DETECTORS,
      ...SEGMENT_DETECTORS,
      ...LAUNCHDARKLY_DETECTORS,
      ...POSTMAN_DETECTORS,
    ],
    {
      'planetscale-api-token': {
        truePositives: [
          { text: `PLANETSCALE_SERVICE_TOKEN=${pscaleToken}`, secret: pscaleToken },
          { text: `token: "${pscaleToken.replace('tkn', 'oauth')}"`, secret: pscaleToken.replace('tkn', 'oauth') },
        ],
        falsePositives: [`pscale_tkn_${'x'.repeat(43)}`, `pscale_tkn_${random(ALNUM, 20)}`],
      },
      'planetscale-password': {
        truePositives: [
          { text: `DATABASE_PASSWORD=${pscalePw}`, secret: pscalePw },
          { text: `mysql://user:${pscalePw}@aws.connect.psdb.cloud/db`, secret: pscalePw },
        ],
        falsePositives: [`pscale_pw_${'*'.repeat(43)}`, `pscale_pw_${random(ALNUM, 16)}`],
      },
      'databricks-api-token': {
        truePositives: [
          { text: `DATABRICKS_TOKEN=${databricks}`, secret: databricks },
          { text: `[DEFAULT]\nhost = https://adb-1.azuredatabricks.net\ntoken = ${databricks}-2\n`, secret: `${databricks}-2` },
        ],
        falsePositives: [`dapi${'0'.repeat(32)}`, `dapi${random(HEX, 30)}`, `rapidapi${random(HEX, 32)}`],
      },
      'confluent-api-secret': {
        truePositives: [
          { text: `CONFLUENT_CLOUD_API_SECRET=${confluent}`, secret: confluent },
          { text: `confluent:\n  api_secret: "${confluent}"`, secret: confluent },
        ],
        falsePositives: [`CONFLUENT_API_SECRET=${'A'.repeat(64)}`, `CONFLUENT_API_KEY=${random(ALNUM, 16)}`],
      },
      'elastic-api-key': {
        truePositives: [
          { text: `ELASTIC_API_KEY=${elasticEncoded}`, secret: elasticEncoded },
          { text: `elasticsearch:\n  api_key: ${essu}`, secret: essu },
        ],
        falsePositives: [
          `ELASTIC_API_KEY=${Buffer.from(random(ALNUM, 44)).toString('base64')}`,
          `ELASTIC_PASSWORD=${random(ALNUM, 12)}`,
        ],
      },
      'mongodb-atlas-connection-password': {
        truePositives: [
          { text: `MONGODB_URI=${atlasUri}`, secret: atlasPassword },
          { text: `spring.data.mongodb.uri: "${atlasUri}"`, secret: atlasPassword },
        ],
        falsePositives: [
          'MONGODB_URI=mongodb+srv://app:<password>@cluster0.ab1cd.mongodb.net/',
          'MONGODB_URI=mongodb+srv://app:${DB_PASSWORD}@cluster0.ab1cd.mongodb.net/',
          `mongodb://app:${atlasPassword}@db.internal:27017/`,
        ],
      },
      'mongodb-atlas-api-private-key': {
        truePositives: [
          { text: `MONGODB_ATLAS_PRIVATE_KEY=${atlasKey}`, secret: atlasKey },
          { text: `provider "mongodbatlas" {\n  private_key = "${atlasKey}"\n}`, secret: atlasKey },
        ],
        falsePositives: [`request_id = "${atlasKey}"`, 'ATLAS_PRIVATE_KEY=00000000-0000-0000-0000-000000000000'],
      },
      'age-secret-key': {
        truePositives: [
          { text: `# created: 2024-01-01\n# public key: age1${random(BECH32_CHARSET, 58)}\n${age}\n`, secret: age },
          { text: `SOPS_AGE_KEY=${age}`, secret: age },
        ],
        falsePositives: [
          `AGE-SECRET-KEY-1${'Q'.repeat(58)}`,
          `${age.slice(0, -1)}${age.endsWith('Q') ? 'P' : 'Q'}`,
          `AGE-SECRET-KEY-1${random('BIO', 58)}`,
        ],
      },
      'sentry-org-token': {
        truePositives: [
          { text: `SENTRY_AUTH_TOKEN=${sentryOrg}`, secret: sentryOrg },
          { text: `[auth]\ntoken=${sentryOrg}\n`, secret: sentryOrg },
        ],
        falsePositives: [`sntrys_${base64Json({ a: 1, b: random(ALNUM, 30) })}_${random(BASE64, 43)}`, 'sntrys_eyJ...'],
      },
      'sentry-user-token': {
        truePositives: [
          { text: `SENTRY_AUTH_TOKEN=${sentryUser}`, secret: sentryUser },
          { text: `sentry-cli --auth-token ${sentryUser} releases new`, secret: sentryUser },
        ],
        falsePositives: [`sntryu_${'0'.repeat(64)}`, `sntryu_${random(HEX, 40)}`],
      },
      'sentry-dsn-secret': {
        truePositives: [
          { text: `SENTRY_DSN=${sentryDsn}`, secret: sentrySecret },
          { text: `raven.config('${sentryDsn}').install()`, secret: sentrySecret },
        ],
        falsePositives: [`SENTRY_DSN=https://${random(HEX, 32)}@o123456.ingest.sentry.io/4505`, `SENTRY_DSN=https://${random(HEX, 32)}:${'0'.repeat(32)}@sentry.io/1`],
      },
      'segment-public-api-token': {
        truePositives: [
          { text: `SEGMENT_API_TOKEN=${segment}`, secret: segment },
          { text: `Authorization: Bearer ${segment}`, secret: segment },
        ],
        falsePositives: [`sgp_${'a'.repeat(64)}`, `sgp_${random(ALNUM, 40)}`],
      },
      'launchdarkly-key': {
        truePositives: [
          { text: `LAUNCHDARKLY_SDK_KEY=${ldSdk}`, secret: ldSdk },
          { text: `ld_api_token: "${ldApi}"`, secret: ldApi },
        ],
        falsePositives: [`name: ${ldApi}`, `LAUNCHDARKLY_CLIENT_KEY=mob-${uuid()}`, `LD_SDK_KEY=sdk-00000000-0000-0000-0000-000000000000`],
      },
      'postman-api-key': {
        truePositives: [
          { text: `POSTMAN_API_KEY=${postman}`, secret: postman },
          { text: `-H "X-Api-Key: ${postman}"`, secret: postman },
        ],
        falsePositives: [`PMAK-${random(HEX, 24)}-${'0'.repeat(34)}`, `PMAK-${random(HEX, 20)}-${random(HEX, 34)}`],
      },
    },
  );
});
