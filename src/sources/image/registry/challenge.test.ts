import { describe, expect, it } from 'vitest';
import { parseChallenges } from './challenge.js';

describe('parseChallenges', () => {
  it('reads a Bearer challenge with quoted params, commas inside quotes included', () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull,push' } },
    ]);
  });

  it('reads several challenges, token values, escapes and several header lines', () => {
    expect(parseChallenges(['Basic realm="a \\"b\\"", charset=UTF-8, Bearer realm=x', 'Negotiate'])).toEqual([
      { scheme: 'basic', params: { realm: 'a "b"', charset: 'UTF-8' } },
      { scheme: 'bearer', params: { realm: 'x' } },
      { scheme: 'negotiate', params: {} },
    ]);
  });

  it.each([
    [undefined, []],
    ['', []],
    [',,,', []],
    ['Bearer realm="unterminated', [{ scheme: 'bearer', params: {} }]],
    ['Bearer realm=', [{ scheme: 'bearer', params: {} }]],
    ['Bearer realm="x", @@@', [{ scheme: 'bearer', params: { realm: 'x' } }]],
    ['"quoted"', []],
  ])('survives malformed input %j', (header, expected) => {
    expect(parseChallenges(header)).toEqual(expected);
  });
});
