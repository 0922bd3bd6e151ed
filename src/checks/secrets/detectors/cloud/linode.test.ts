import { describeDetectors } from '../testing/cases.js';
import { HEX, randomText } from '../testing/tokens.js';
import { linodeToken } from './linode.js';

const token = randomText(HEX, 64, 1);

describeDetectors([
  {
    detector: linodeToken,
    found: [
      { text: `export LINODE_TOKEN=${token}`, secret: token },
      { text: `provider "linode" {}\nlinode_token = "${token}"`, secret: token },
    ],
    ignored: [
      { why: 'a sha256 digest without context', text: `sha256: ${token}` },
      { why: 'a placeholder', text: `LINODE_TOKEN=${'0'.repeat(64)}` },
    ],
  },
]);
