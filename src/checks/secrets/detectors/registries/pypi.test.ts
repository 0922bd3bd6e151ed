import { randomBytes } from 'node:crypto';
import { describeDetectors } from '../testing/cases.js';
import { pypiUploadToken } from './pypi.js';

/** A v2 macaroon header (location + identifier field) followed by random bytes, as PyPI mints them. */
function macaroonToken(location: string): string {
  const header = Buffer.concat([Buffer.from([0x02, 0x01, location.length]), Buffer.from(location), Buffer.from([0x02, 0x1f])]);
  return `pypi-${Buffer.concat([header, randomBytes(120)]).toString('base64url')}`;
}

const token = macaroonToken('pypi.org');
const testToken = macaroonToken('test.pypi.org');
const notMacaroon = `pypi-AgEIcHlwaS5vcmc${Buffer.from('x'.repeat(1)).toString('base64url')}${randomBytes(90).toString('base64url')}`;

describeDetectors([
  {
    detector: pypiUploadToken,
    found: [
      { text: `[pypi]\n  username = __token__\n  password = ${token}\n`, secret: token, confirmedBy: 'structure' },
      { text: `export TWINE_PASSWORD=${testToken}`, secret: testToken },
    ],
    ignored: [
      { why: 'a broken macaroon', text: `password = ${notMacaroon}` },
      { why: 'a truncated token', text: `password = ${token.slice(0, 40)}` },
    ],
  },
]);
