import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { npmrcAuth } from './npmrc.js';

const find = (text: string) => scanSecrets(text, { detectors: [npmrcAuth], maxDecodeDepth: 0 }).map((h) => [h.secret, h.confirmedBy]);
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('npmrc-auth', () => {
  it('finds _authToken, _auth and _password', () => {
    expect(find('//registry.npmjs.org/:_authToken=Zq8r3TfW1xLm9PvK2sD7uY')).toEqual([['Zq8r3TfW1xLm9PvK2sD7uY', 'entropy']]);
    expect(find(`_auth = ${b64('ci-bot:Zq8r3TfW1x')}`)).toEqual([[b64('ci-bot:Zq8r3TfW1x'), 'structure']]);
    expect(find(`//npm.pkg.internal/:_password="${b64('Zq8r3TfW1xLm')}"`)).toEqual([[b64('Zq8r3TfW1xLm'), 'structure']]);
  });

  it('ignores environment references, non-base64 _auth and code', () => {
    expect(find('//registry.npmjs.org/:_authToken=${NPM_TOKEN}')).toEqual([]);
    expect(find(`_auth=${b64('no-colon-here-at-all')}`)).toEqual([]);
    expect(find('_password=not base64 at all')).toEqual([]);
    expect(find('const x = get_password() + token_auth;')).toEqual([]);
  });
});
