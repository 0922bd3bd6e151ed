import { describe } from 'vitest';
import { SHIPPO_DETECTORS } from './shippo.js';
import { HEX, describeDetectors, random } from './testing.js';

const live = `shippo_live_${random(HEX, 40)}`;
const test = `shippo_test_${random(HEX, 40)}`;

describe('shipping detectors', () => {
  describeDetectors(SHIPPO_DETECTORS, {
    'shippo-live-api-token': {
      truePositives: [
        { text: `curl https://api.goshippo.com/shipments/ -H "Authorization: ShippoToken ${live}"`, secret: live },
        { text: `SHIPPO_API_KEY=${live}`, secret: live },
      ],
      falsePositives: [`SHIPPO_API_KEY=shippo_live_${'0'.repeat(40)}`, `SHIPPO_API_KEY=shippo_live_${random(HEX, 32)}`, `SHIPPO_API_KEY=${test}`],
    },
    'shippo-test-api-token': {
      truePositives: [
        { text: `shippo_sdk = shippo.Shippo(api_key_header="${test}")`, secret: test },
        { text: `shippo:\n  token: ${test}\n`, secret: test },
      ],
      falsePositives: [`token: shippo_test_${'ab'.repeat(20)}`, `token: shippo_test_<API_TOKEN>`],
    },
  });
});
