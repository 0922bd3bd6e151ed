import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { jsonWebToken } from './jwt.js';

const find = (text: string) => scanSecrets(text, { detectors: [jsonWebToken], maxDecodeDepth: 0 });
const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signature = 'Qm9vbVNpZ25hdHVyZVZhbHVlMTIzNDU2Nzg5MGFiY2RlZg';
const jwt = `${part({ alg: 'RS256', kid: 'k1' })}.${part({ sub: 'system:serviceaccount:ci:deployer', exp: 1900000000 })}.${signature}`;

describe('jwt', () => {
  it('finds a signed token in a header, YAML and JSON', () => {
    for (const text of [`Authorization: Bearer ${jwt}`, `token: ${jwt}\n`, JSON.stringify({ id_token: jwt })]) {
      expect(find(text).map((h) => [h.secret, h.confirmedBy])).toEqual([[jwt, 'structure']]);
    }
  });

  it('still reports unsigned alg:none tokens', () => {
    const unsigned = `${part({ alg: 'none' })}.${part({ admin: true, user: 'ops' })}.`;
    expect(find(`curl -H "x-token: ${unsigned}"`).map((h) => h.secret)).toEqual([unsigned]);
  });

  it('rejects headers without alg, non-JSON parts, base64 that merely starts with eyJ and the jwt.io example', () => {
    expect(find(`${part({ typ: 'JWT' })}.${part({ sub: 'x' })}.${signature}`)).toEqual([]);
    expect(find(`eyJub3Rqc29uIGF0IGFsbA.eyJub3Rqc29uIGVpdGhlcg.${signature}`)).toEqual([]);
    expect(find('data: eyJhbGciOiJIUzI1NiJ9ZZZZZZZZ')).toEqual([]);
    const example =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(find(`token = "${example}"`)).toEqual([]);
  });
});
