import { crc32 } from 'node:zlib';
import { describe } from 'vitest';
import { ALNUM, BASE64, DIGITS, HEX, LOWER_ALNUM, UPPER_ALNUM, base64Json, describeDetectors, random, uuid } from '../saas/testing.js';
import { DETECTORS } from './index.js';

const ddApi = random(HEX, 32);
const ddApp = random(HEX, 40);
const nrak = `NRAK-${random(UPPER_ALNUM, 27)}`;
const nrjs = `NRJS-${random(HEX, 19)}`;
const nrii = `NRII-${random(ALNUM, 32)}`;
const nral = `${random(HEX, 36)}NRAL`;
const glc = `glc_${base64Json({ o: '123456', n: 'stack-123-alloy-write', k: random(ALNUM, 24), m: { r: 'prod-us-east-0' } })}`;
const glcLong = `glc_${base64Json({ o: '1234567', n: `stack-${random(DIGITS, 6)}-${'otlp-metrics-logs-traces-writer-'.repeat(12)}`, k: random(ALNUM, 24), m: { r: 'prod-eu-west-2' } })}`;
const glcUrlSafe = `glc_${base64Json({ o: '99', k: random(ALNUM, 24) + '??>>', m: { r: 'us' } }, true)}`;
function glsa(): string {
  const body = `glsa_${random(ALNUM, 32)}`;
  const sum = Buffer.alloc(4);
  sum.writeUInt32LE(crc32(body));
  return `${body}_${sum.toString('hex')}`;
}
const grafanaSa = glsa();
const grafanaSa2 = glsa();
const grafanaLegacy = base64Json({ k: random(ALNUM, 32), n: 'ci', id: 1 }).replace(/=+$/, '');
const dynatrace = `dt0c01.${random(UPPER_ALNUM, 24)}.${random(UPPER_ALNUM, 64)}`;
const dynatracePlatform = `dt0s16.${random(UPPER_ALNUM, 24)}.${random(UPPER_ALNUM, 64)}`;
const dynatraceMixed = `dt0c01.${random(ALNUM, 24)}.${random(ALNUM, 64)}`;
const honeycombClassic = random(HEX, 32);
const honeycombConfig = random(ALNUM, 22);
const pagerduty = `u+${random(ALNUM, 18)}`;
const pagerdutyRouting = random(HEX, 32);
const splunk = uuid();
const sumo = random(ALNUM, 64);
const lightstep = random(BASE64, 84);
const rollbar = random(HEX, 32);
const bugsnag = random(HEX, 32);
const opsgenie = uuid();

describe('monitoring detectors', () => {
  describeDetectors(DETECTORS, {
    'datadog-api-key': {
      truePositives: [
        { text: `env:\n  - name: DD_API_KEY\n    value: ${ddApi}\n`, secret: ddApi },
        { text: `datadog:\n  apiKey: "${ddApi}"\n  site: datadoghq.eu\n`, secret: ddApi },
      ],
      falsePositives: [`DD_API_KEY=${'0'.repeat(32)}`, `ADD_API_KEY=${ddApi}`, `DATADOG_API_KEY=${random(HEX, 31)}`],
    },
    'datadog-application-key': {
      truePositives: [
        { text: `export DD_APP_KEY=${ddApp}`, secret: ddApp },
        { text: `provider "datadog" {\n  app_key = "${ddApp}"\n}`, secret: ddApp },
      ],
      falsePositives: [`DATADOG_APP_KEY=${'f'.repeat(40)}`, `git_sha = "${ddApp}"`],
    },
    'new-relic-user-api-key': {
      truePositives: [
        { text: `NEW_RELIC_API_KEY=${nrak}`, secret: nrak },
        { text: `-H 'API-Key: ${nrak}'`, secret: nrak },
      ],
      falsePositives: [`NRAK-${'X'.repeat(27)}`, `NRAK-${random(UPPER_ALNUM, 20)}`],
    },
    'new-relic-browser-key': {
      truePositives: [
        { text: `licenseKey:"${nrjs}",applicationID:"123"`, secret: nrjs },
        { text: `NEW_RELIC_BROWSER_KEY=${nrjs}`, secret: nrjs },
      ],
      falsePositives: [`NRJS-${'0'.repeat(19)}`, `NRJS-${random(HEX, 12)}`],
    },
    'new-relic-insert-key': {
      truePositives: [
        { text: `NEW_RELIC_INSERT_KEY=${nrii}`, secret: nrii },
        { text: `headers: { 'X-Insert-Key': '${nrii}' }`, secret: nrii },
      ],
      falsePositives: [`NRII-${'a'.repeat(32)}`, `NRII-${random(ALNUM, 20)}`],
    },
    'new-relic-license-key': {
      truePositives: [
        { text: `NEW_RELIC_LICENSE_KEY=${nral}`, secret: nral },
        { text: `newrelic:\n  licenseKey: ${nral}`, secret: nral },
      ],
      falsePositives: [`${'0'.repeat(36)}NRAL`, `${random(HEX, 30)}NRAL`],
    },
    'grafana-cloud-token': {
      truePositives: [
        { text: `GRAFANA_CLOUD_API_KEY=${glc}`, secret: glc },
        { text: `basic_auth:\n  password: ${glc}\n`, secret: glc },
        { text: `GRAFANA_CLOUD_TOKEN="${glcLong}"`, secret: glcLong },
        { text: `https://otlp.example/?token=${glcUrlSafe}`, secret: glcUrlSafe },
      ],
      falsePositives: [
        `glc_${base64Json({ a: random(ALNUM, 30) })}`,
        `glc_${random(ALNUM, 40)}`,
        `glc_${base64Json({ o: '1', n: 'only-a-name', m: { r: 'us' } })}`,
      ],
    },
    'grafana-service-account-token': {
      truePositives: [
        { text: `GRAFANA_SERVICE_ACCOUNT_TOKEN=${grafanaSa}`, secret: grafanaSa },
        { text: `grafana:\n  token: '${grafanaSa2}'`, secret: grafanaSa2 },
      ],
      falsePositives: [`glsa_${random(ALNUM, 32)}_${random(HEX, 8)}`, `glsa_${random(ALNUM, 32)}`],
    },
    'grafana-api-key': {
      truePositives: [
        { text: `GRAFANA_API_KEY=${grafanaLegacy}`, secret: grafanaLegacy },
        { text: `Authorization: Bearer ${grafanaLegacy}`, secret: grafanaLegacy },
      ],
      falsePositives: [base64Json({ k: random(ALNUM, 32), other: 'x' }), `eyJrIjoi${random(ALNUM, 60)}`],
    },
    'dynatrace-api-token': {
      truePositives: [
        { text: `DT_API_TOKEN=${dynatrace}`, secret: dynatrace },
        { text: `-H "Authorization: Api-Token ${dynatrace}"`, secret: dynatrace },
        { text: `DT_PLATFORM_TOKEN: ${dynatracePlatform}`, secret: dynatracePlatform },
        { text: `apiToken = "${dynatraceMixed}"`, secret: dynatraceMixed },
      ],
      falsePositives: [
        `dt0c01.${random(UPPER_ALNUM, 24)}.${'A'.repeat(64)}`,
        `dt0c01.${random(UPPER_ALNUM, 24)}`,
        `dt0c01.${random(UPPER_ALNUM, 24)}.${random(UPPER_ALNUM, 63)}`,
        `dt0c01.${random(UPPER_ALNUM, 23)}.${random(UPPER_ALNUM, 64)}`,
      ],
    },
    'honeycomb-api-key': {
      truePositives: [
        { text: `HONEYCOMB_API_KEY=${honeycombClassic}`, secret: honeycombClassic },
        { text: `honeycomb:\n  writeKey: "${honeycombConfig}"`, secret: honeycombConfig },
      ],
      falsePositives: [`HONEYCOMB_API_KEY=${'0'.repeat(32)}`, `HONEYCOMB_DATASET=${random(LOWER_ALNUM, 12)}`],
    },
    'pagerduty-api-key': {
      truePositives: [
        { text: `PAGERDUTY_TOKEN=${pagerduty}`, secret: pagerduty },
        { text: `pagerduty_configs:\n  - routing_key: ${pagerdutyRouting}\n`, secret: pagerdutyRouting },
      ],
      falsePositives: [`PAGERDUTY_SERVICE=payments-api-prod-eu`, `PAGERDUTY_TOKEN=${'a'.repeat(20)}`],
    },
    'splunk-hec-token': {
      truePositives: [
        { text: `SPLUNK_HEC_TOKEN=${splunk}`, secret: splunk },
        { text: `-H "Authorization: Splunk ${splunk.toUpperCase()}"`, secret: splunk.toUpperCase() },
      ],
      falsePositives: ['SPLUNK_HEC_TOKEN=00000000-0000-0000-0000-000000000000', `trace_id = "${splunk}"`],
    },
    'sumologic-access-key': {
      truePositives: [
        { text: `SUMO_ACCESS_KEY=${sumo}`, secret: sumo },
        { text: `sumologic:\n  accessKey: "${sumo}"`, secret: sumo },
      ],
      falsePositives: [`SUMO_ACCESS_ID=su${random(ALNUM, 12)}`, `SUMO_ACCESS_KEY=${'ab'.repeat(32)}`],
    },
    'lightstep-access-token': {
      truePositives: [
        { text: `LIGHTSTEP_ACCESS_TOKEN=${lightstep}`, secret: lightstep },
        { text: `lightstep:\n  access_token: '${lightstep}'`, secret: lightstep },
      ],
      falsePositives: [`LIGHTSTEP_ACCESS_TOKEN=${'A'.repeat(84)}`, `LIGHTSTEP_PROJECT=${random(LOWER_ALNUM, 10)}`],
    },
    'rollbar-access-token': {
      truePositives: [
        { text: `ROLLBAR_ACCESS_TOKEN=${rollbar}`, secret: rollbar },
        { text: `Rollbar.configure({ accessToken: '${rollbar}' })`, secret: rollbar },
      ],
      falsePositives: [`ROLLBAR_ACCESS_TOKEN=${'0'.repeat(32)}`, `checksum = "${rollbar}"`],
    },
    'bugsnag-api-key': {
      truePositives: [
        { text: `BUGSNAG_API_KEY=${bugsnag}`, secret: bugsnag },
        { text: `Bugsnag.start({ apiKey: '${bugsnag}' })`, secret: bugsnag },
      ],
      falsePositives: [`BUGSNAG_API_KEY=${'f'.repeat(32)}`, `md5sum ${bugsnag}`],
    },
    'opsgenie-api-key': {
      truePositives: [
        { text: `OPSGENIE_API_KEY=${opsgenie}`, secret: opsgenie },
        { text: `-H "Authorization: GenieKey ${opsgenie}"`, secret: opsgenie },
      ],
      falsePositives: ['OPSGENIE_API_KEY=00000000-0000-0000-0000-000000000000', `request_id: ${opsgenie}`],
    },
  });
});
