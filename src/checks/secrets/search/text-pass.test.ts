import { afterEach, describe, expect, it } from 'vitest';
import { importWithoutWebAssembly, restoreWebAssembly } from '../../../core/testing/without-webassembly.js';
import type { SecretDetector } from '../types.js';
import { DETECTORS } from '../detectors/index.js';
import { keywordAutomaton, type KeywordAutomaton } from './keyword-automaton.js';
import { looksBinary } from '../../../sources/binary.js';
import { decodeRunPrefix, encodedRuns, maximalRuns } from './encoded-runs.js';
import { findInScript, passText } from './text-pass.js';

const detector = (keywords: string[]): SecretDetector => ({ id: keywords[0]!, title: 't', severity: 'low', keywords, pattern: /(?<secret>x)/, remediation: 'r' });

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
}

/** Text drawn from `alphabet`, `length` long. */
function text(next: () => number, alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
}

/** The hits, copied: the pass reuses its arrays. */
const keywordHits = (value: string, automaton: KeywordAutomaton): number[] => [...passText(value, automaton).hits];

const inScript = (value: string, automaton: KeywordAutomaton): number[] => {
  const out: number[] = [];
  findInScript(value, automaton, out);
  return out;
};

// Around the one-pass limit (2,048), a lane's length, and the chunk (65,536), where lanes and chunks meet.
const LENGTHS = [0, 1, 2, 5, 2047, 2048, 2049, 4099, 65535, 65536, 65537, 3 * 65536 + 7];

describe('passText: keyword hits', () => {
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

describe('passText: base64 runs', () => {
  const runsOf = (value: string): number[] => [...passText(value, keywordAutomaton([detector(['token'])])).runs];
  const inScriptRuns = (value: string): number[] => maximalRuns(value, 0, value.length, []);
  const SEGMENT = 1 << 20;

  it('finds the runs the script finds, in words of every length around MIN_RUN and at every alignment', () => {
    const next = random(11);
    for (let round = 0; round < 300; round++) {
      let value = ' '.repeat(next() % 16);
      while (value.length < 600) value += text(next, 'aZ9+/_-', 1 + (next() % 70)) + ' ;."=\n'[next() % 6]!;
      expect(runsOf(value), value).toEqual(inScriptRuns(value));
    }
  });

  it('never takes a unit above U+00FF for the base64 letter its low byte is', () => {
    // U+2550 reads as 0x50 ("P") and U+0174 as 0x74 ("t") in the one-byte copy the module searches.
    const next = random(12);
    for (let round = 0; round < 200; round++) {
      let value = '';
      while (value.length < 500) value += text(next, 'aZ9+/_-\u2550\u0174\u00e9', 1 + (next() % 90)) + ' \n'[next() % 2]!;
      expect(runsOf(value), value).toEqual(inScriptRuns(value));
    }
    expect(runsOf(`${'A'.repeat(20)}\u2550${'B'.repeat(40)}`)).toEqual([21, 61]);
  });

  it('joins runs across the segments a long text is copied in, wherever they meet the boundary', () => {
    const run = 'Zm9v'.repeat(16);
    for (const offset of [-70, -64, -33, -32, -31, -1, 0, 1, 31, 32]) {
      for (const length of [31, 32, 33, 64, 100]) {
        const at = SEGMENT + offset;
        const value = `${'-. '.repeat(Math.ceil(at / 3)).slice(0, at)}${run.repeat(2).slice(0, length)} ${'q '.repeat(40)}${run}`;
        expect(runsOf(value), `run of ${length} at ${at}`).toEqual(inScriptRuns(value));
      }
    }
  });

  it('sniffs each run as decodeRunPrefix and looksBinary would: decoded length and verdict', () => {
    // Text first (drawn most), then every edge of the count: text controls and their neighbours, DEL, the first and
    // last lead byte of each UTF-8 length, broken and cut sequences, byte-order marks, NUL.
    const pieces = [[0x61], [0x5a, 0x20], [0x0a], [0x09], [0x0d], [0x1b], [0x08], [0x0e], [0x1a], [0x1f], [0x7f], [0x00], [0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0xa4, 0xb9], [0xef, 0xbf, 0xbd], [0xf0, 0x9f, 0x98, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xc1, 0x81], [0x80], [0xc3], [0xe2, 0x82], [0xf5, 0x80], [0xff, 0xfe], [0xfe, 0xff]];
    const next = random(13);
    // The generator's low bits repeat quickly: draws take higher ones.
    const pick = (n: number) => (next() >>> 12) % n;
    const automaton = keywordAutomaton([detector(['token'])]);
    const verdicts = new Set<boolean>();
    let sniffed = 0;
    for (let round = 0; round < 400; round++) {
      // Mostly text with a few odd bytes, so both verdicts come up, in either alphabet, padded or not, cut anywhere.
      const odd = pick(8);
      const bytes = Buffer.from(Array.from({ length: 20 + pick(60) }, () => pieces[pick(16) < odd ? pick(pieces.length) : pick(2)]!).flat());
      let encoded = bytes.toString(pick(2) === 0 ? 'base64' : 'base64url').slice(0, 32 + pick(80));
      if (pick(3) === 0) encoded = encoded.replace(/=+$/, '');
      const value = `k: ${encoded}\n`;
      const pass = passText(value, automaton);
      const runs = encodedRuns(value, pass.runs, pass.prefixes);
      for (const run of runs.filter((r) => r.prefix)) {
        const plain = decodeRunPrefix(value, run);
        expect(run.prefix, value).toEqual({ bytes: plain.length, binary: looksBinary(plain) });
        verdicts.add(run.prefix!.binary);
        sniffed++;
      }
    }
    expect(sniffed).toBeGreaterThan(300);
    expect([...verdicts].sort()).toEqual([false, true]);
  });

  it('lists a run longer than a segment once', () => {
    const value = `x ${'QUJD'.repeat((2 * SEGMENT + 100) / 4)} y ${'Zm9v'.repeat(10)}`;
    expect(runsOf(value)).toEqual([2, 2 * SEGMENT + 102, 2 * SEGMENT + 105, 2 * SEGMENT + 145]);
  });
});

describe('passText without WebAssembly', () => {
  afterEach(restoreWebAssembly);

  it('falls back to the script loops, with the same hits and runs', async () => {
    const fresh = await importWithoutWebAssembly(() => import('./text-pass.js'));
    const automaton = keywordAutomaton(DETECTORS);
    const next = random(3);
    const words = ['password', 'token=', 'ghp_', 'key', ' ', '\n', 'x'];
    const value = Array.from({ length: 20000 }, () => words[next() % words.length]).join('');
    const encoded = `${value} ${'Zm9v'.repeat(20)}`;
    const { hits, runs } = fresh.passText(encoded, automaton);
    expect(hits.length).toBeGreaterThan(1000);
    expect(hits).toEqual(inScript(encoded, automaton));
    expect(runs.slice(-2)).toEqual([encoded.length - 80, encoded.length]);
    expect(runs).toEqual(maximalRuns(encoded, 0, encoded.length, []));
  });
});
