import { describeDetectors } from '../testing/cases.js';
import { BASE64URL, randomText } from '../testing/tokens.js';
import { ibmCloudApiKey } from './ibm.js';

const key = randomText(BASE64URL, 44, 1);

describeDetectors([
  {
    detector: ibmCloudApiKey,
    found: [
      { text: `export IBMCLOUD_API_KEY=${key}`, secret: key },
      { text: `variable "ibmcloud_api_key" {}\nic_api_key = "${key}"`, secret: key },
    ],
    ignored: [
      { why: 'a short value', text: `IBMCLOUD_API_KEY=${randomText(BASE64URL, 30, 2)}` },
      { why: 'a placeholder', text: `IC_API_KEY=${'x'.repeat(44)}` },
    ],
  },
]);
