import { describeDetectors } from '../testing/cases.js';
import { BASE62, BASE64URL, HEX, randomText, randomUuid } from '../testing/tokens.js';
import { atlassianApiToken, atlassianLegacyApiToken, bitbucketAppPassword } from './atlassian.js';
import { buildkiteApiToken } from './buildkite.js';
import { circleciLegacyToken, circleciToken } from './circleci.js';
import { codecovToken } from './codecov.js';
import { droneCiToken } from './drone.js';
import { snykApiToken } from './snyk.js';
import { sonarGlobalToken, sonarLegacyToken, sonarProjectToken, sonarUserToken } from './sonar.js';
import { travisCiToken } from './travis.js';

const r = (n: number, seed: number, alphabet = BASE62): string => randomText(alphabet, n, seed);
const atlassian = `ATATT3xFfGF0${r(171, 1, BASE64URL)}=${r(8, 2, HEX).toUpperCase()}`;
const jiraLegacy = r(24, 3);
const bitbucket = `ATBB${r(32, 4)}${r(8, 5, HEX).toUpperCase()}`;
const bitbucketLegacy = r(20, 6);
const circlePat = `CCIPAT_${r(22, 7)}_${r(40, 8, HEX)}`;
const circleLegacy = r(40, 9, HEX);
const travis = r(22, 10);
const buildkite = `bkua_${r(40, 11, HEX)}`;
const drone = r(32, 12);
const sonar = (prefix: string, seed: number): string => `${prefix}${r(40, seed, HEX)}`;
const snyk = randomUuid(13);
const codecov = randomUuid(14);
const codecovHex = r(32, 15, HEX);

describeDetectors([
  {
    detector: atlassianApiToken,
    found: [
      { text: `export JIRA_API_TOKEN=${atlassian}`, secret: atlassian },
      { text: `curl -u me@example.com:${atlassian} https://acme.atlassian.net/rest/api/3/myself`, secret: atlassian },
    ],
    ignored: [
      { why: 'a truncated token', text: `JIRA_API_TOKEN=${atlassian.slice(0, 100)}` },
      { why: 'a placeholder', text: `JIRA_API_TOKEN=ATATT3${'x'.repeat(186)}` },
    ],
  },
  {
    detector: atlassianLegacyApiToken,
    found: [
      { text: `JIRA_API_TOKEN=${jiraLegacy}`, secret: jiraLegacy },
      { text: `confluence:\n  confluence_token: "${jiraLegacy}"\n`, secret: jiraLegacy },
    ],
    ignored: [
      { why: 'a value without context', text: `token: ${jiraLegacy}` },
      { why: 'a word-like value', text: 'JIRA_API_TOKEN=PutYourJiraApiTokenHereX' },
    ],
  },
  {
    detector: bitbucketAppPassword,
    found: [
      { text: `BITBUCKET_APP_PASSWORD=${bitbucket}`, secret: bitbucket },
      { text: `bitbucket_password: "${bitbucketLegacy}"`, secret: bitbucketLegacy },
    ],
    ignored: [
      { why: 'a username', text: 'BITBUCKET_USERNAME=release-bot' },
      { why: 'a placeholder', text: `BITBUCKET_APP_PASSWORD=${'x'.repeat(20)}` },
    ],
  },
  {
    detector: circleciToken,
    found: [
      { text: `export CIRCLE_TOKEN=${circlePat}`, secret: circlePat },
      { text: `curl -H "Circle-Token: ${circlePat}" https://circleci.com/api/v2/me`, secret: circlePat },
    ],
    ignored: [
      { why: 'a placeholder', text: `CIRCLE_TOKEN=CCIPAT_${'x'.repeat(22)}_${'0'.repeat(40)}` },
      { why: 'a truncated token', text: `CIRCLE_TOKEN=${circlePat.slice(0, 40)}` },
    ],
  },
  {
    detector: circleciLegacyToken,
    found: [
      { text: `export CIRCLECI_TOKEN=${circleLegacy}`, secret: circleLegacy },
      { text: `{"circle_token": "${circleLegacy}"}`, secret: circleLegacy },
    ],
    ignored: [
      { why: 'a commit SHA', text: `CIRCLE_SHA1=${circleLegacy}` },
      { why: 'a placeholder', text: `CIRCLE_TOKEN=${'0'.repeat(40)}` },
    ],
  },
  {
    detector: travisCiToken,
    found: [
      { text: `export TRAVIS_TOKEN=${travis}`, secret: travis },
      { text: `travis_api_token: "${travis}"`, secret: travis },
    ],
    ignored: [
      { why: 'a build number', text: 'TRAVIS_BUILD_NUMBER=1234' },
      { why: 'a word-like value', text: 'TRAVIS_TOKEN=YourTravisTokenGoesHere' },
    ],
  },
  {
    detector: buildkiteApiToken,
    found: [
      { text: `export BUILDKITE_API_TOKEN=${buildkite}`, secret: buildkite },
      { text: `curl -H "Authorization: Bearer ${buildkite}" https://api.buildkite.com/v2/user`, secret: buildkite },
    ],
    ignored: [
      { why: 'a placeholder', text: `BUILDKITE_API_TOKEN=bkua_${'0'.repeat(40)}` },
      { why: 'a too-short value', text: `BUILDKITE_API_TOKEN=bkua_${r(30, 16, HEX)}` },
    ],
  },
  {
    detector: droneCiToken,
    found: [
      { text: `export DRONE_TOKEN=${drone}`, secret: drone },
      { text: `drone:\n  drone_token: '${drone}'\n`, secret: drone },
    ],
    ignored: [
      { why: 'a server address', text: 'DRONE_SERVER=https://drone.example.com' },
      { why: 'a placeholder', text: `DRONE_TOKEN=${'x'.repeat(32)}` },
    ],
  },
  ...[
    { detector: sonarUserToken, prefix: 'squ_' },
    { detector: sonarProjectToken, prefix: 'sqp_' },
    { detector: sonarGlobalToken, prefix: 'sqa_' },
  ].map(({ detector, prefix }, i) => {
    const token = sonar(prefix, 20 + i);
    return {
      detector,
      found: [
        { text: `export SONAR_TOKEN=${token}`, secret: token },
        { text: `mvn sonar:sonar -Dsonar.token=${token}`, secret: token },
      ],
      ignored: [
        { why: 'a placeholder', text: `SONAR_TOKEN=${prefix}${'0'.repeat(40)}` },
        { why: 'upper-case hex', text: `SONAR_TOKEN=${token.toUpperCase()}` },
      ],
    };
  }),
  {
    detector: sonarLegacyToken,
    found: [
      { text: `sonar.login=${sonar('', 30)}`, secret: sonar('', 30) },
      { text: `SONAR_TOKEN: "${sonar('', 31)}"`, secret: sonar('', 31) },
    ],
    ignored: [
      { why: 'a project key', text: 'sonar.projectKey=acme_app' },
      { why: 'a prefixed token (own detector)', text: `sonar.token=${sonar('squ_', 32)}` },
    ],
  },
  {
    detector: snykApiToken,
    found: [
      { text: `export SNYK_TOKEN=${snyk}`, secret: snyk },
      { text: `- name: SNYK_TOKEN\n  value: "${snyk}"\n`, secret: snyk },
    ],
    ignored: [
      { why: 'an org ID', text: `SNYK_ORG=acme\nproject_id = ${snyk}` },
      { why: 'a malformed UUID', text: `SNYK_TOKEN=${snyk.slice(1)}` },
    ],
  },
  {
    detector: codecovToken,
    found: [
      { text: `export CODECOV_TOKEN=${codecov}`, secret: codecov },
      { text: `- uses: codecov/codecov-action@v4\n  env:\n    CODECOV_TOKEN: ${codecovHex}\n`, secret: codecovHex },
    ],
    ignored: [
      { why: 'a variable reference', text: 'CODECOV_TOKEN: ${{ secrets.CODECOV_TOKEN }}' },
      { why: 'a placeholder', text: `CODECOV_TOKEN=${'0'.repeat(32)}` },
    ],
  },
]);
