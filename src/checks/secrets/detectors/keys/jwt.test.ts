import { describe, expect, it } from 'vitest';
import { scanSecrets } from '../../search/scan.js';
import { DETECTORS as CATALOGUE } from '../index.js';
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

describe('jwt wrapped in base64 (`ZXlK…` is `eyJ…` encoded)', () => {
  const wrapped = Buffer.from(jwt).toString('base64');
  const scanAll = (text: string) =>
    scanSecrets(text, { detectors: CATALOGUE }).map((m) => ({ id: m.detector.id, secret: m.secret, encodings: m.encodings, column: m.column, endColumn: m.endColumn }));

  it('decodes the run, checks the token and reports it at the run, marked base64', () => {
    expect(wrapped.startsWith('ZXlK')).toBe(true);
    const line = `  id-token: ${wrapped}`;
    expect(scanAll(`data:\n${line}\n`)).toEqual([
      { id: 'jwt', secret: jwt, encodings: ['base64'], column: line.indexOf(wrapped) + 1, endColumn: line.length + 1 },
    ]);
  });

  it('reports it once, as a JWT, where a generic `token:` assignment also matches the encoded value', () => {
    expect(scanAll(`auth_token = "${wrapped}"`).map((m) => [m.id, m.encodings])).toEqual([['jwt', ['base64']]]);
  });

  it('decodes a token that `base64` wrapped at 76 columns, reporting the lines of the run', () => {
    const wrappedLines = wrapped.match(/.{1,76}/g)!;
    expect(wrappedLines.length).toBeGreaterThan(2);
    const text = `config: |\n${wrappedLines.map((l) => `  ${l}`).join('\n')}\nother: 1\n`;
    const [match, ...rest] = scanSecrets(text, { detectors: CATALOGUE });
    expect(rest).toEqual([]);
    expect([match?.detector.id, match?.secret, match?.encodings, match?.line, match?.endLine]).toEqual(['jwt', jwt, ['base64'], 2, 1 + wrappedLines.length]);
  });

  it('rejects a wrapped string that only looks like a token', () => {
    const fake = Buffer.from(`eyJub3Rqc29uIGF0IGFsbA.eyJub3Rqc29uIGVpdGhlcg.${signature}`).toString('base64');
    expect(scanAll(`blob: ${fake}`).filter((m) => m.id === 'jwt')).toEqual([]);
  });
});
