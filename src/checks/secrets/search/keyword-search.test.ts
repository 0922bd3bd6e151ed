import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SecretDetector } from '../types.js';
import { DETECTORS } from '../detectors/index.js';
import { keywordAutomaton, type KeywordAutomaton } from './keyword-automaton.js';
import { findInScript, keywordHits } from './keyword-search.js';

const detector = (keywords: string[]): SecretDetector => ({ id: keywords[0]!, title: 't', severity: 'low', keywords, pattern: /(?<secret>x)/, remediation: 'r' });

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
}

/** Text drawn from `alphabet`, `length` long. */
function text(next: () => number, alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
}

const inScript = (value: string, automaton: KeywordAutomaton): number[] => {
  const out: number[] = [];
  findInScript(value, automaton, out);
  return out;
};

// Around the one-pass limit (2,048), a lane's length, and the chunk (65,536), where lanes and chunks meet.
const LENGTHS = [0, 1, 2, 5, 2047, 2048, 2049, 4099, 65535, 65536, 65537, 3 * 65536 + 7];

describe('keywordHits', () => {
  it('finds what the script loop finds, at every length where lanes and chunks split the text', () => {
    const sets = [
      [['ab', 'abc'], ['bca'], ['cab', 'b-c'], ['aaa'], ['c']].map(detector),
      [[`k${'x'.repeat(698)}y`], ['xy']].map(detector),
    ];
    const next = random(5);
    for (const detectors of sets) {
      const automaton = keywordAutomaton(detectors);
      for (const length of LENGTHS) {
        const value = text(next, detectors === sets[0] ? 'aAbBc-\u00e9\n\u0161' : 'xxxxxxxxky', length);
        expect(keywordHits(value, automaton), `${length}`).toEqual(inScript(value, automaton));
      }
    }
  });

  it('finds every keyword of the built-in detectors where a plain search does', () => {
    const automaton = keywordAutomaton(DETECTORS);
    const keywords = DETECTORS.flatMap((d) => d.keywords);
    const next = random(9);
    const parts = Array.from({ length: 30000 }, () => (next() % 3 === 0 ? keywords[next() % keywords.length]! : text(next, 'qz0 =\n:"{}é', 1 + (next() % 12))));
    const value = parts.join('');
    const hits = keywordHits(value, automaton);
    expect(hits).toEqual(inScript(value, automaton));
    // Every occurrence of every keyword ends at a hit whose detectors include the keyword's.
    const lower = value.toLowerCase();
    const ends = new Map<number, number>();
    for (let h = 0; h < hits.length; h += 2) ends.set(hits[h]!, hits[h + 1]!);
    DETECTORS.forEach((d, index) => {
      for (const keyword of d.keywords) {
        for (let at = lower.indexOf(keyword); at !== -1; at = lower.indexOf(keyword, at + 1)) {
          const hit = ends.get(at + keyword.length - 1);
          expect(hit !== undefined && automaton.outputs[hit]!.includes(index), `${keyword} at ${at}`).toBe(true);
        }
      }
    });
  });

  it('reads a UTF-16 unit as its low byte: a unit above U+00FF can add a hit, never hide one', () => {
    const automaton = keywordAutomaton([detector(['token'])]);
    // U+0174 reads as 0x74, "t"; U+00E9 and U+2028 read as bytes no keyword holds.
    expect(keywordHits('\u0174oken', automaton)).toEqual([4, 0]);
    expect(keywordHits('\u00e9token\u2028token', automaton)).toEqual([5, 0, 11, 0]);
  });
});

describe('keywordHits without WebAssembly', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('falls back to the script loop, with the same hits', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    const fresh = await import('./keyword-search.js');
    const automaton = keywordAutomaton(DETECTORS);
    const next = random(3);
    const words = ['password', 'token=', 'ghp_', 'key', ' ', '\n', 'x'];
    const value = Array.from({ length: 20000 }, () => words[next() % words.length]).join('');
    const hits = fresh.keywordHits(value, automaton);
    expect(hits.length).toBeGreaterThan(1000);
    expect(hits).toEqual(inScript(value, automaton));
  });
});
