import { describeDetectors } from '../testing/cases.js';
import { BASE64URL, randomText, randomUuid } from '../testing/tokens.js';
import { herokuApiKey, herokuApiKeyV2 } from './heroku.js';

const uuid = randomUuid(1);
const v2 = `HRKU-AA${randomText(BASE64URL, 58, 2)}`;

describeDetectors([
  {
    detector: herokuApiKey,
    found: [
      { text: `export HEROKU_API_KEY=${uuid}`, secret: uuid },
      { text: `deploy:\n  heroku_api_key: "${uuid}"\n`, secret: uuid },
    ],
    ignored: [
      { why: 'a UUID without context', text: `request_id: ${uuid}` },
      { why: 'a malformed UUID', text: `HEROKU_API_KEY=${uuid.slice(0, -1)}` },
    ],
  },
  {
    detector: herokuApiKeyV2,
    found: [
      { text: `HEROKU_API_KEY=${v2}`, secret: v2 },
      { text: `{"token": "${v2}"}`, secret: v2 },
    ],
    ignored: [
      { why: 'a placeholder', text: `HEROKU_API_KEY=HRKU-AA${'x'.repeat(58)}` },
      { why: 'a too-short token', text: `HEROKU_API_KEY=HRKU-AA${randomText(BASE64URL, 40, 3)}` },
    ],
  },
]);
