import { describe, expect, it } from 'vitest';
import { decodeRun, decodeRunPrefix, encodedRuns } from './encoded-runs.js';

describe('encodedRuns', () => {
  it('finds base64 (with padding), url-safe base64 and hex runs of 32+ characters', () => {
    const b64 = Buffer.from('a secret-ish payload, long enough').toString('base64');
    const url = Buffer.from([0xfb, 0xff, 0xfe, ...Buffer.from('xxxxxxxxxxxxxxxxxxxxxxxxxxxx')]).toString('base64url');
    const hex = 'ab'.repeat(20);
    const text = `k: ${b64}\nu=${url};h="${hex}" short=${'A'.repeat(31)}`;
    expect(encodedRuns(text).map((r) => [text.slice(r.start, r.end), r.encoding])).toEqual([
      [b64, 'base64'],
      [url, 'base64'],
      [hex, 'hex'],
    ]);
  });

  it('treats odd-length hex as base64 and handles runs at the very start and end', () => {
    const text = `${'a1'.repeat(16)}f ${'Zz'.repeat(20)}`;
    expect(encodedRuns(text).map((r) => [r.start, r.end, r.encoding])).toEqual([
      [0, 33, 'base64'],
      [34, 74, 'base64'],
    ]);
    expect(encodedRuns('')).toEqual([]);
    expect(encodedRuns('=====')).toEqual([]);
  });

  it('finds every maximal run of 32 or more, wherever the probes land in the words around it', () => {
    // Deterministic pseudo-random texts of words 1 to 70 characters long between separators, no line breaks or padding.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      let text = '';
      while (text.length < 400) text += 'x'.repeat(1 + Math.floor(next() * 70)).replace(/x/g, () => 'aZ9+/_-'[Math.floor(next() * 7)]!) + ' ;."'[Math.floor(next() * 4)]!;
      const expected = [...text.matchAll(/[A-Za-z0-9+/_-]{32,}/g)].map((m) => [m.index, m.index + m[0].length]);
      expect(encodedRuns(text).map((r) => [r.start, r.end]), text).toEqual(expected);
    }
  });
});

describe('encodedRuns after padding', () => {
  it('starts the next run after the byte that follows the padding, and drops it if that leaves it short', () => {
    const text = `${'Q'.repeat(32)}==${'R'.repeat(40)} ${'S'.repeat(32)}=${'T'.repeat(32)}=${'U'.repeat(33)}`;
    expect(encodedRuns(text).map((r) => [r.start, r.end])).toEqual([
      [0, 34],
      [35, 74],
      [75, 108],
      [141, 174],
    ]);
  });
});

describe('decodeRun', () => {
  it('decodes at most the given bytes, from the start', () => {
    const text = Buffer.from('0123456789'.repeat(10)).toString('base64');
    const run = { start: 0, end: text.length, encoding: 'base64' as const };
    expect(decodeRun(text, run, 1000).toString()).toBe('0123456789'.repeat(10));
    expect(decodeRun(text, run, 10).toString()).toBe('012345678');
    expect(decodeRunPrefix(text, run).length).toBe(48);
    const hex = { start: 0, end: 8, encoding: 'hex' as const };
    expect(decodeRun('41424344', hex, 3).toString()).toBe('ABC');
  });

  it('decodes a prefix as the whole decode begins, padding, URL-safe letters and hex included', () => {
    const samples = [
      Buffer.from('0123456789'.repeat(10)).toString('base64'),
      Buffer.from([0xfb, 0xff, 0xbf, ...Buffer.from('a few more bytes')]).toString('base64url'),
      `${Buffer.from('ab').toString('base64')}`,
      Buffer.from('short').toString('base64'),
      'ab'.repeat(40),
    ];
    for (const text of samples) {
      const encoding = /^[0-9a-f]+$/.test(text) ? ('hex' as const) : ('base64' as const);
      const run = { start: 0, end: text.length, encoding };
      const whole = decodeRun(text, run, 1000);
      const prefix = Buffer.from(decodeRunPrefix(text, run));
      expect(prefix.equals(whole.subarray(0, prefix.length)), text).toBe(true);
      expect(prefix.length).toBe(Math.min(whole.length, encoding === 'hex' ? 32 : 48));
    }
  });
});

describe('encodedRuns on wrapped base64', () => {
  const payload = Buffer.from(`{"token":"${'k3Jx9'.repeat(30)}","user":"ci"}`);
  const wrap = (b64: string, width: number, indent = '') => b64.match(new RegExp(`.{1,${width}}`, 'g'))!.map((l) => indent + l).join('\n');
  const runsOf = (text: string) => encodedRuns(text).map((r) => text.slice(r.start, r.end));

  it.each([64, 76])('joins lines wrapped at %i columns, indented or not, into one run that decodes whole', (width) => {
    const b64 = payload.toString('base64');
    for (const text of [`${wrap(b64, width)}\n`, `value: |\n${wrap(b64, width, '    ')}\nnext: 1`, wrap(b64, width).replace(/\n/g, '\r\n')]) {
      const runs = encodedRuns(text);
      expect(runs).toHaveLength(1);
      expect(decodeRun(text, runs[0]!, 10_000).equals(payload)).toBe(true);
    }
  });

  it('keeps apart lines that are not one wrapped value', () => {
    const a = Buffer.from('a'.repeat(48)).toString('base64');
    const b = Buffer.from('b'.repeat(48)).toString('base64');
    // Same width, but the next line is a YAML key (`key: v`); a shorter first line; hex lines; a longer second line.
    expect(runsOf(`  one: ${a}\n  two: ${b}\n`)).toEqual([a, b]);
    expect(runsOf(`${a}\nkey: ${b}`)).toEqual([a, b]);
    expect(runsOf(`${a.slice(0, 60)}\n${b}`)).toEqual([a.slice(0, 60), b]);
    const hex = 'ab'.repeat(32);
    expect(runsOf(`${hex}\n${hex}`)).toEqual([hex, hex]);
    expect(runsOf(`${a}\n${b}${b}`)).toEqual([a, `${b}${b}`]);
  });
});
