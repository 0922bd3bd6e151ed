import { describeDetectors } from '../testing/cases.js';
import { DIGITS, randomText, randomUuid, UPPER } from '../testing/tokens.js';
import { scalewayAccessKey, scalewaySecretKey } from './scaleway.js';

const accessKey = `SCW${randomText(UPPER + DIGITS, 17, 1)}`;
const secretKey = randomUuid(2);

describeDetectors([
  {
    detector: scalewayAccessKey,
    found: [
      { text: `export SCW_ACCESS_KEY=${accessKey}`, secret: accessKey },
      { text: `access_key: "${accessKey}"`, secret: accessKey },
    ],
    ignored: [
      { why: 'a placeholder', text: 'SCW_ACCESS_KEY=SCWXXXXXXXXXXXXXXXXX' },
      { why: 'a longer identifier', text: `id: ${accessKey}ABCDE` },
    ],
  },
  {
    detector: scalewaySecretKey,
    found: [
      { text: `export SCW_SECRET_KEY=${secretKey}`, secret: secretKey },
      { text: `provider "scaleway" {\n  scaleway_secret_key = "${secretKey}"\n}`, secret: secretKey },
    ],
    ignored: [
      { why: 'a project ID', text: `SCW_DEFAULT_PROJECT_ID=${secretKey}` },
      { why: 'a non-UUID value', text: `SCW_SECRET_KEY=${secretKey.replace(/-/g, '')}` },
    ],
  },
]);
