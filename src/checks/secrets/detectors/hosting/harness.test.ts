import { describeDetectors } from '../testing/cases.js';
import { BASE62, BASE64URL, randomText } from '../testing/tokens.js';
import { harnessApiToken } from './harness.js';

const account = randomText(BASE64URL, 22, 1);
const personal = `pat.${account}.${randomText(BASE62, 24, 2)}.${randomText(BASE62, 20, 3)}`;
const service = `sat.${account}.${randomText(BASE62, 24, 4)}.${randomText(BASE62, 20, 5)}`;

describeDetectors([
  {
    detector: harnessApiToken,
    found: [
      { text: `curl -H 'x-api-key: ${personal}' https://app.harness.io/ng/api/user/currentUser`, secret: personal },
      { text: `provider "harness" {\n  platform_api_key = "${service}"\n}`, secret: service },
    ],
    ignored: [
      { why: 'a placeholder', text: `x-api-key: pat.${account}.${'x'.repeat(24)}.${'x'.repeat(20)}` },
      { why: 'a missing secret part', text: `x-api-key: pat.${account}.${randomText(BASE62, 24, 6)}` },
      { why: 'a word ending in pat before a dot', text: `import compat.${randomText(BASE62, 22, 7)} from "./x"` },
    ],
  },
]);
