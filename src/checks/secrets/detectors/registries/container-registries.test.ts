import { describeDetectors } from '../testing/cases.js';
import { BASE62, BASE64URL, DIGITS, LOWER, randomText, UPPER } from '../testing/tokens.js';
import { dockerHubOat, dockerHubPat } from './docker.js';
import { harborRobotSecret } from './harbor.js';
import { artifactoryApiKey, jfrogIdentityToken, jfrogReferenceToken } from './jfrog.js';
import { nexusCredential } from './nexus.js';
import { quayRobotToken } from './quay.js';

const r = (n: number, seed: number, alphabet = BASE62): string => randomText(alphabet, n, seed);
const pat = `dckr_pat_${r(27, 1, BASE64URL)}`;
const oat = `dckr_oat_${r(32, 2, BASE64URL)}`;
const quay = r(64, 3, UPPER + DIGITS);
const harbor = `${r(10, 4, UPPER)}${r(11, 5, LOWER)}${r(11, 6, DIGITS + UPPER)}`;
const akcp = `AKCp${r(69, 7)}`;
// 48 bytes encode to exactly 64 base64 characters, without padding.
const reference = Buffer.from(`reftkn:01:1893456000:${r(27, 8)}`).toString('base64');
const identity = r(64, 9);
const nexus = r(20, 10, `${BASE62}!#%`);

describeDetectors([
  {
    detector: dockerHubPat,
    found: [
      { text: `echo ${pat} | docker login -u acme --password-stdin`, secret: pat },
      { text: `DOCKERHUB_TOKEN: "${pat}"`, secret: pat },
    ],
    ignored: [
      { why: 'a placeholder', text: `DOCKERHUB_TOKEN=dckr_pat_${'x'.repeat(27)}` },
      { why: 'a too-short value', text: `DOCKERHUB_TOKEN=dckr_pat_${r(20, 11)}` },
    ],
  },
  {
    detector: dockerHubOat,
    found: [
      { text: `docker login -u acme -p ${oat}`, secret: oat },
      { text: `{"auths": {"https://index.docker.io/v1/": {"password": "${oat}"}}}`, secret: oat },
    ],
    ignored: [
      { why: 'a placeholder', text: `password: dckr_oat_${'x'.repeat(32)}` },
      { why: 'a too-short value', text: `password: dckr_oat_${r(12, 12)}` },
    ],
  },
  {
    detector: quayRobotToken,
    found: [
      { text: `export QUAY_ROBOT_TOKEN=${quay}`, secret: quay },
      { text: `quay_password: "${quay}"`, secret: quay },
    ],
    ignored: [
      { why: 'a robot name', text: 'QUAY_ROBOT_USERNAME=acme+ci' },
      { why: 'lower-case characters', text: `QUAY_ROBOT_TOKEN=${quay.toLowerCase()}` },
    ],
  },
  {
    detector: harborRobotSecret,
    found: [
      { text: `HARBOR_ROBOT_SECRET=${harbor}`, secret: harbor },
      { text: `harbor:\n  harbor_password: '${harbor}'\n`, secret: harbor },
    ],
    ignored: [
      { why: 'lower-case only', text: `HARBOR_ROBOT_SECRET=${r(32, 13, LOWER + DIGITS)}` },
      { why: 'a robot name', text: 'HARBOR_USERNAME=robot$ci' },
    ],
  },
  {
    detector: artifactoryApiKey,
    found: [
      { text: `curl -H "X-JFrog-Art-Api: ${akcp}" https://acme.jfrog.io/artifactory/api/repositories`, secret: akcp },
      { text: `artifactory_api_key=${akcp}`, secret: akcp },
    ],
    ignored: [
      { why: 'a placeholder', text: `X-JFrog-Art-Api: AKCp${'x'.repeat(69)}` },
      { why: 'a too-short value', text: `X-JFrog-Art-Api: AKCp${r(40, 14)}` },
    ],
  },
  {
    detector: jfrogReferenceToken,
    found: [
      { text: `export JFROG_ACCESS_TOKEN=${reference}`, secret: reference, confirmedBy: 'structure' },
      { text: `//acme.jfrog.io/artifactory/api/npm/npm/:_authToken=${reference}`, secret: reference },
    ],
    ignored: [
      { why: 'a value that does not decode to a reference token', text: `JFROG_ACCESS_TOKEN=cmVmdGtu${r(56, 15)}` },
      { why: 'a too-short value', text: `JFROG_ACCESS_TOKEN=cmVmdGtu${r(30, 16)}` },
    ],
  },
  {
    detector: jfrogIdentityToken,
    found: [
      { text: `export ARTIFACTORY_IDENTITY_TOKEN=${identity}`, secret: identity },
      { text: `jfrog:\n  jfrog_token: "${identity}"\n`, secret: identity },
    ],
    ignored: [
      { why: 'a sha256 without context', text: `sha256: ${identity}` },
      { why: 'a placeholder', text: `JFROG_TOKEN=${'x'.repeat(64)}` },
    ],
  },
  {
    detector: nexusCredential,
    found: [
      { text: `export NEXUS_PASSWORD='${nexus}'`, secret: nexus },
      { text: `nexusPassword=${nexus}\n`, secret: nexus },
    ],
    ignored: [
      { why: 'a Maven property reference', text: 'nexusPassword=${env.NEXUS_PASSWORD}' },
      { why: 'a low-entropy value', text: 'NEXUS_PASSWORD=aaaaaaaaaa' },
    ],
  },
]);
