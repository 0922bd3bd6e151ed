import { describeDetectors } from '../testing/cases.js';
import { HEX, randomText } from '../testing/tokens.js';
import { sidekiqCredentials } from './contribsys.js';

const credentials = `${randomText(HEX, 8, 1)}:${randomText(HEX, 8, 2)}`;

describeDetectors([
  {
    detector: sidekiqCredentials,
    found: [
      { text: `export BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${credentials}`, secret: credentials },
      { text: `---\nBUNDLE_GEMS__CONTRIBSYS__COM: "${credentials}"\n`, secret: credentials },
      { text: `bundle config --local gems.contribsys.com ${credentials}`, secret: credentials },
    ],
    ignored: [
      { why: 'a variable reference', text: 'BUNDLE_GEMS__CONTRIBSYS__COM: ${{ secrets.SIDEKIQ_CREDENTIALS }}' },
      { why: 'the documentation\'s example', text: 'bundle config --local gems.contribsys.com username:password' },
      { why: 'a placeholder', text: 'export BUNDLE_GEMS__CONTRIBSYS__COM=00000000:00000000' },
    ],
  },
]);
