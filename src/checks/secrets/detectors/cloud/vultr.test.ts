import { describeDetectors } from '../testing/cases.js';
import { DIGITS, randomText, UPPER } from '../testing/tokens.js';
import { vultrApiKey } from './vultr.js';

const key = randomText(UPPER + DIGITS, 36, 1);

describeDetectors([
  {
    detector: vultrApiKey,
    found: [
      { text: `export VULTR_API_KEY=${key}`, secret: key },
      { text: `variable "vultr_api_key" {\n  default = "x"\n}\nvultr_api_key = "${key}"`, secret: key },
    ],
    ignored: [
      { why: 'lower-case characters', text: `VULTR_API_KEY=${key.toLowerCase()}` },
      { why: 'a placeholder', text: `VULTR_API_KEY=${'X'.repeat(36)}` },
    ],
  },
]);
