import { describe, expect, it } from 'vitest';
import type { SecretDetector } from '../types.js';
import { DEFAULT_REACH, keywordAutomaton, keywordWindows } from './prefilter.js';

const detector = (keywords: string[], maxMatchLength?: number): SecretDetector => ({
  id: keywords[0]!,
  title: 't',
  severity: 'low',
  keywords,
  pattern: /(?<secret>x)/,
  remediation: 'r',
  ...(maxMatchLength ? { maxMatchLength } : {}),
});

describe('keywordWindows', () => {
  it('finds keywords case-insensitively, overlapping ones and suffixes included', () => {
    const detectors = [detector(['password']), detector(['word']), detector(['ass']), detector(['absent'])];
    const windows = keywordWindows('my PassWord', detectors, keywordAutomaton(detectors));
    expect(windows.map((w) => w !== undefined)).toEqual([true, true, true, false]);
  });

  it('merges hits into windows of the detector reach, snapped to a line boundary when one is near', () => {
    const detectors = [detector(['key'])];
    const far = '-'.repeat(5000);
    const text = `key key${far}\nkey`;
    const windows = keywordWindows(text, detectors, keywordAutomaton(detectors))[0]!;
    expect(windows).toEqual([0, 7 + DEFAULT_REACH, text.length - 3 - DEFAULT_REACH, text.length]);
  });

  it('widens windows for detectors with a longer reach', () => {
    const detectors = [detector(['key'], 3000)];
    const windows = keywordWindows(`key${'-'.repeat(10000)}`, detectors, keywordAutomaton(detectors))[0]!;
    expect(windows).toEqual([0, 3003]);
  });

  it('ignores non-ASCII keywords instead of failing', () => {
    const detectors = [detector(['clé'])];
    expect(keywordWindows('clé', detectors, keywordAutomaton(detectors))).toEqual([undefined]);
  });

  it('finds the windows a plain search for each keyword finds, in texts dense with overlapping keywords', () => {
    const keywords = [['ab', 'abc'], ['bca'], ['cab', 'b-c'], ['aaa'], ['c']];
    const detectors = keywords.map((k) => detector(k, 2));
    const automaton = keywordAutomaton(detectors);
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 1 + (next() % 60) }, () => 'aAbBc-\u00e9\n'[next() % 8]).join('');
      const lower = text.toLowerCase();
      const expected = detectors.map((d) => {
        const ranges: number[] = [];
        for (let at = 0; at < text.length; at++) {
          for (const k of d.keywords) {
            if (!lower.startsWith(k, at)) continue;
            const start = Math.max(0, at - 2);
            const end = Math.min(text.length, at + k.length + 2);
            if (ranges.length > 0 && start <= ranges[ranges.length - 1]!) ranges[ranges.length - 1] = Math.max(end, ranges[ranges.length - 1]!);
            else ranges.push(start, end);
          }
        }
        // Snapped to the line boundaries, all within reach in texts this short.
        for (let k = 0; k < ranges.length; k += 2) {
          ranges[k] = Math.max(text.lastIndexOf('\n', ranges[k]! - 1) + 1, k > 0 ? ranges[k - 1]! : 0);
          const lineEnd = text.indexOf('\n', ranges[k + 1]!);
          ranges[k + 1] = lineEnd === -1 ? text.length : lineEnd;
        }
        return ranges.length > 0 ? ranges : undefined;
      });
      expect(keywordWindows(text, detectors, automaton), text).toEqual(expected);
    }
  });
});
