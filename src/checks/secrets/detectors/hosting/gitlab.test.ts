import { describeDetectors } from '../testing/cases.js';
import { BASE62, BASE64URL, HEX, LOWER, DIGITS, randomText } from '../testing/tokens.js';
import { gitlabCiJobToken, gitlabPipelineTriggerToken, gitlabRunnerAuthToken, gitlabRunnerRegistrationToken } from './gitlab-ci.js';
import { gitlabAgentToken, gitlabDeployToken, gitlabOauthAppSecret } from './gitlab-deploy.js';
import { gitlabFeatureFlagClientToken, gitlabIncomingMailToken, gitlabScimToken } from './gitlab-service.js';
import { gitlabFeedToken, gitlabPat, gitlabPatRoutable } from './gitlab-user.js';

const r = (n: number, seed: number, alphabet = BASE62): string => randomText(alphabet, n, seed);
const pat = `glpat-${r(20, 1, BASE64URL)}`;
const routable = `glpat-${r(60, 2, BASE64URL)}.01${r(7, 3, LOWER + DIGITS)}`;
const feed = `glft-${r(20, 4)}`;
const trigger = `glptt-${r(40, 5, HEX)}`;
const registration = `GR1348941${r(20, 6, BASE64URL)}`;
const runner = `glrt-${r(20, 7)}`;
const runnerRoutable = `glrt-t1_${r(40, 8)}.01${r(7, 9, LOWER + DIGITS)}`;
const job = `glcbt-64_${r(20, 10)}`;
const deploy = `gldt-${r(20, 11)}`;
const agent = `glagent-${r(50, 12, BASE64URL)}`;
const oauth = `gloas-${r(64, 13, HEX)}`;
const incomingMail = `glimt-${r(25, 23, LOWER + DIGITS)}`;
const featureFlags = `glffct-${r(20, 24, BASE64URL)}`;
const scim = `glsoat-${r(20, 25)}`;

describeDetectors([
  {
    detector: gitlabPat,
    found: [
      { text: `export GITLAB_TOKEN=${pat}`, secret: pat },
      { text: `curl --header "PRIVATE-TOKEN: ${pat}" https://gitlab.example.com/api/v4/projects`, secret: pat },
    ],
    ignored: [
      { why: 'a placeholder', text: `GITLAB_TOKEN=glpat-${'x'.repeat(20)}` },
      { why: 'a routable token', text: `GITLAB_TOKEN=${routable}` },
    ],
  },
  {
    detector: gitlabPatRoutable,
    found: [
      { text: `GITLAB_TOKEN=${routable}`, secret: routable },
      { text: `password: "${routable}"`, secret: routable },
    ],
    ignored: [
      { why: 'a legacy 20-character token', text: `GITLAB_TOKEN=${pat}` },
      { why: 'a missing checksum', text: `GITLAB_TOKEN=glpat-${r(60, 14, BASE64URL)}` },
    ],
  },
  {
    detector: gitlabFeedToken,
    found: [
      { text: `https://gitlab.example.com/dashboard/issues.atom?feed_token=${feed}`, secret: feed },
      { text: `FEED_TOKEN=${feed}`, secret: feed },
    ],
    ignored: [
      { why: 'a placeholder', text: `feed_token=glft-${'a'.repeat(20)}` },
      { why: 'a too-short value', text: `feed_token=glft-${r(12, 15)}` },
    ],
  },
  {
    detector: gitlabPipelineTriggerToken,
    found: [
      { text: `curl -X POST -F token=${trigger} -F ref=main https://gitlab.example.com/api/v4/projects/9/trigger/pipeline`, secret: trigger },
      { text: `TRIGGER_TOKEN: "${trigger}"`, secret: trigger },
    ],
    ignored: [
      { why: 'non-hex characters', text: `token=glptt-${r(40, 16, LOWER)}` },
      { why: 'a placeholder', text: `token=glptt-${'0'.repeat(40)}` },
    ],
  },
  {
    detector: gitlabRunnerRegistrationToken,
    found: [
      { text: `gitlab-runner register --registration-token ${registration}`, secret: registration },
      { text: `runnerRegistrationToken: "${registration}"`, secret: registration },
    ],
    ignored: [
      { why: 'a placeholder', text: `--registration-token GR1348941${'x'.repeat(20)}` },
      { why: 'a too-short value', text: `--registration-token GR1348941${r(10, 17)}` },
    ],
  },
  {
    detector: gitlabRunnerAuthToken,
    found: [
      { text: `[[runners]]\n  token = "${runner}"\n`, secret: runner },
      { text: `runnerToken: ${runnerRoutable}`, secret: runnerRoutable },
    ],
    ignored: [
      { why: 'a placeholder', text: `token = "glrt-${'x'.repeat(20)}"` },
      { why: 'a 25-character body', text: `token = "glrt-${r(25, 18)}"` },
    ],
  },
  {
    detector: gitlabCiJobToken,
    found: [
      { text: `CI_JOB_TOKEN=${job}`, secret: job },
      { text: `https://gitlab-ci-token:${job}@gitlab.example.com/group/app.git`, secret: job },
    ],
    ignored: [
      { why: 'a missing partition', text: `CI_JOB_TOKEN=glcbt-${r(20, 19)}` },
      { why: 'a placeholder', text: `CI_JOB_TOKEN=glcbt-1_${'x'.repeat(20)}` },
    ],
  },
  {
    detector: gitlabDeployToken,
    found: [
      { text: `docker login -u gitlab+deploy-token-1 -p ${deploy} registry.gitlab.example.com`, secret: deploy },
      { text: `DEPLOY_TOKEN="${deploy}"`, secret: deploy },
    ],
    ignored: [
      { why: 'a placeholder', text: `DEPLOY_TOKEN=gldt-${'x'.repeat(20)}` },
      { why: 'a longer value', text: `DEPLOY_TOKEN=${deploy}${r(6, 20)}` },
    ],
  },
  {
    detector: gitlabAgentToken,
    found: [
      { text: `helm upgrade --install agent gitlab/gitlab-agent --set config.token=${agent}`, secret: agent },
      { text: `apiVersion: v1\nkind: Secret\nstringData:\n  token: ${agent}\n`, secret: agent },
    ],
    ignored: [
      { why: 'a placeholder', text: `config.token=glagent-${'x'.repeat(50)}` },
      { why: 'a too-short value', text: `config.token=glagent-${r(30, 21)}` },
    ],
  },
  {
    detector: gitlabOauthAppSecret,
    found: [
      { text: `GITLAB_OAUTH_SECRET=${oauth}`, secret: oauth },
      { text: `{"secret": "${oauth}"}`, secret: oauth },
    ],
    ignored: [
      { why: 'a placeholder', text: `GITLAB_OAUTH_SECRET=gloas-${'0'.repeat(64)}` },
      { why: 'a too-short value', text: `GITLAB_OAUTH_SECRET=gloas-${r(40, 22, HEX)}` },
    ],
  },
  {
    detector: gitlabIncomingMailToken,
    found: [
      { text: `reply_to = "incoming+group-project-42-${incomingMail}-issue@gitlab.example.com"`, secret: incomingMail },
      { text: `GITLAB_INCOMING_EMAIL_TOKEN: ${incomingMail}`, secret: incomingMail },
    ],
    ignored: [
      { why: 'a placeholder', text: `token: glimt-${'x'.repeat(25)}` },
      { why: 'a longer value', text: `token: ${incomingMail}${r(5, 26, LOWER)}` },
    ],
  },
  {
    detector: gitlabFeatureFlagClientToken,
    found: [
      { text: `unleash:\n  url: https://gitlab.example.com/api/v4/feature_flags/unleash/42\n  instanceId: ${featureFlags}\n`, secret: featureFlags },
      { text: `UNLEASH_INSTANCE_ID="${featureFlags}"`, secret: featureFlags },
    ],
    ignored: [
      { why: 'a placeholder', text: `instanceId: glffct-${'0'.repeat(20)}` },
      { why: 'a too-short value', text: `instanceId: glffct-${r(12, 27)}` },
    ],
  },
  {
    detector: gitlabScimToken,
    found: [
      { text: `curl --header "Authorization: Bearer ${scim}" https://gitlab.example.com/api/scim/v2/groups/acme/Users`, secret: scim },
      { text: `scim_token = "${scim}"`, secret: scim },
    ],
    ignored: [
      { why: 'a placeholder', text: `scim_token = "glsoat-${'a'.repeat(20)}"` },
      { why: 'a prefix inside a longer name', text: `scim_token = "xglsoat-${r(20, 28)}"` },
    ],
  },
]);
