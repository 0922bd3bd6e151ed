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
});
