import { describeDetectors } from '../testing/cases.js';
import { checksummedToken } from '../testing/tokens.js';
import { npmAccessToken } from './npm.js';

const token = checksummedToken('npm_', 1);
const other = checksummedToken('npm_', 2);

describeDetectors([
  {
    detector: npmAccessToken,
    found: [
      { text: `//registry.npmjs.org/:_authToken=${token}\n`, secret: token, confirmedBy: 'checksum' },
      { text: `env:\n  NODE_AUTH_TOKEN: ${other}\n`, secret: other },
      { text: `const client = new Registry({ token: '${token}' });`, secret: token },
    ],
    ignored: [
      { why: 'a wrong checksum', text: `_authToken=${token.slice(0, -6)}000000` },
      { why: 'the placeholder', text: `_authToken=npm_${'x'.repeat(36)}` },
      { why: 'a too-long token', text: `_authToken=${token}a` },
    ],
  },
]);
