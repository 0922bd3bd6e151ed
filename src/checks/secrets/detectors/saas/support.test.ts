import { describe, expect, it } from 'vitest';
import { decodeBase64Json, hasKeys, looksRandom, prefixed, tail } from './support.js';

describe('prefixed', () => {
  it('does not match inside a longer token', () => {
    const pattern = prefixed('tok_', '[a-z]{4}');
    expect(pattern.exec('x tok_abcd y')?.groups?.secret).toBe('tok_abcd');
    expect(pattern.exec('mytok_abcd')).toBeNull();
    expect(pattern.exec('tok_abcde')).toBeNull();
  });
});

describe('decodeBase64Json', () => {
  it('decodes base64 and base64url JSON objects', () => {
    const json = { a: 1, b: '>>?' };
    expect(decodeBase64Json(Buffer.from(JSON.stringify(json)).toString('base64'))).toEqual(json);
    expect(decodeBase64Json(Buffer.from(JSON.stringify(json)).toString('base64url'))).toEqual(json);
  });
  it.each([
    ['not base64', 'not base64!'],
    ['base64 of text', Buffer.from('hello world').toString('base64')],
    ['a JSON array', Buffer.from('[1,2]').toString('base64')],
    ['JSON null', Buffer.from('null').toString('base64')],
    ['truncated JSON', Buffer.from('{"a":').toString('base64')],
    ['empty', ''],
  ])('returns undefined for %s', (_, text) => {
    expect(decodeBase64Json(text)).toBeUndefined();
  });
  it('checks claim layouts with hasKeys', () => {
    expect(hasKeys({ o: 1, n: 2 }, ['o', 'n'])).toBe(true);
    expect(hasKeys({ o: 1 }, ['o', 'n'])).toBe(false);
    expect(hasKeys(undefined, [])).toBe(false);
  });
});

describe('looksRandom', () => {
  it('accepts random hex and base62 but not fillers', () => {
    expect(looksRandom('9f86d081884c7d659a2feaa0c55ad015')).toBe(true);
    expect(looksRandom('Zx8Qp2LmN4vB7cR1')).toBe(true);
    expect(looksRandom('x'.repeat(32))).toBe(false);
    expect(looksRandom('abcd'.repeat(8))).toBe(false);
    expect(looksRandom('9f86d0818000000a2feaa0c55ad015')).toBe(false);
  });
});

describe('tail', () => {
  it('returns the last separated part', () => {
    expect(tail('xoxb-1-2-abc')).toBe('abc');
    expect(tail('sk_live_abc')).toBe('abc');
    expect(tail('plain')).toBe('plain');
  });
});
