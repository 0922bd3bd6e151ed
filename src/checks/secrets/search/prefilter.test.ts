import { describe, expect, it } from 'vitest';
import type { SecretDetector } from '../types.js';
import { DETECTORS } from '../detectors/index.js';
import { DEFAULT_REACH, keywordAutomaton, type KeywordAutomaton } from './keyword-automaton.js';
import { keywordWindows as windowsFromHits } from './prefilter.js';
import { passText } from './text-pass.js';

const detector = (keywords: string[], maxMatchLength?: number): SecretDetector => ({
  id: keywords[0]!,
  title: 't',
  severity: 'low',
  keywords,
  pattern: /(?<secret>x)/,
  remediation: 'r',
  ...(maxMatchLength ? { maxMatchLength } : {}),
});

/** The windows of `text` from its own pass, as the search takes them. */
function keywordWindows(text: string, detectors: readonly SecretDetector[], automaton: KeywordAutomaton): ReturnType<typeof windowsFromHits> {
  return windowsFromHits(text, detectors, automaton, passText(text, automaton).hits);
}

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

  it('snaps to a newline at most 256 characters away on either side, or to the start or end of the text', () => {
    const detectors = [detector(['key'], 2)];
    const automaton = keywordAutomaton(detectors);
    // The window before snapping is [before - 2, before + 5); its edges move to a newline within 256, else stay.
    const expected = (text: string, start: number, end: number) => {
      const newlineBefore = text.lastIndexOf('\n', start - 1);
      const newlineAfter = text.indexOf('\n', end);
      const snappedStart = newlineBefore >= start - 257 && newlineBefore !== -1 ? newlineBefore + 1 : start <= 256 ? 0 : start;
      const snappedEnd = newlineAfter !== -1 && newlineAfter <= end + 256 ? newlineAfter : newlineAfter === -1 && text.length <= end + 256 ? text.length : end;
      return [snappedStart, snappedEnd];
    };
    for (const lead of [0, 1, 250, 254, 255, 256, 257, 258, 400]) {
      for (const tail of [0, 1, 250, 251, 252, 253, 254, 255, 400]) {
        for (const newlines of [true, false]) {
          const text = `${newlines ? 'x\n' : ''}${'-'.repeat(lead)}key${'-'.repeat(tail)}${newlines ? '\nx' : ''}`;
          const before = text.indexOf('key');
          const windows = keywordWindows(text, detectors, automaton)[0]!;
          expect(windows, `${lead} ${tail} ${newlines}`).toEqual(expected(text, Math.max(0, before - 2), Math.min(text.length, before + 5)));
        }
      }
    }
  });

  it('widens windows for detectors with a longer reach', () => {
    const detectors = [detector(['key'], 3000)];
    const windows = keywordWindows(`key${'-'.repeat(10000)}`, detectors, keywordAutomaton(detectors))[0]!;
    expect(windows).toEqual([0, 3003]);
  });

  it('reaches back from a hit only as far as the detector looks back, and merges such windows as others', () => {
    const detectors = [{ ...detector(['key'], 3000), lookBack: 10 }];
    const text = `${'-'.repeat(5000)}key${'-'.repeat(10000)}`;
    expect(keywordWindows(text, detectors, keywordAutomaton(detectors))[0]).toEqual([4990, 8003]);
    // A second hit within the first window's reach extends it; one beyond opens another, 10 before it.
    const two = `${'-'.repeat(5000)}key${'-'.repeat(2000)}key${'-'.repeat(8000)}KEY${'-'.repeat(4000)}`;
    expect(keywordWindows(two, detectors, keywordAutomaton(detectors))[0]).toEqual([4990, 10006, 15006 - 10, 15009 + 3000]);
  });

  it('ignores non-ASCII keywords instead of failing', () => {
    const detectors = [detector(['clé'])];
    expect(keywordWindows('clé', detectors, keywordAutomaton(detectors))).toEqual([undefined]);
  });

  it('finds the windows a plain search for each keyword finds, in texts dense with overlapping keywords', () => {
    const detectors = DENSE_KEYWORDS.map((k) => detector(k, 2));
    const automaton = keywordAutomaton(detectors);
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 1 + (next() % 60) }, () => 'aAbBc-\u00e9\n'[next() % 8]).join('');
      expect(keywordWindows(text, detectors, automaton), text).toEqual(plainWindows(text, detectors, 2));
    }
  });

  it('finds the same windows in long texts, searched in lanes and chunks, whatever straddles their boundaries', () => {
    const detectors = DENSE_KEYWORDS.map((k) => detector(k, 2));
    const automaton = keywordAutomaton(detectors);
    const next = random(11);
    for (let round = 0; round < 40; round++) {
      const length = round < 4 ? 65536 * 2 + (next() % 3000) : 2048 + (next() % 5000);
      const text = Array.from({ length }, () => 'aAbBc-\u00e9\n'[next() % 8]).join('');
      expect(keywordWindows(text, detectors, automaton)).toEqual(plainWindows(text, detectors, 2));
    }
    // A keyword ending exactly at the middle, one across it, and one starting there.
    const filler = (length: number) => Array.from({ length }, (_, i) => (i % 100 === 99 ? '\n' : '-')).join('');
    for (const at of [-3, -2, -1, 0, 1]) {
      const text = `${filler(2048 + at)}cab${filler(2048 - at)}`;
      expect(keywordWindows(text, detectors, automaton)).toEqual(plainWindows(text, detectors, 2));
    }
  });
});

const DENSE_KEYWORDS = [['ab', 'abc'], ['bca'], ['cab', 'b-c'], ['aaa'], ['c']];

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
}

/** Each keyword looked for at every position, windows of `reach` merged and snapped to the nearest line boundaries. */
function plainWindows(text: string, detectors: readonly SecretDetector[], reach: number): Array<number[] | undefined> {
  const lower = text.toLowerCase();
  return detectors.map((d) => {
    const ranges: number[] = [];
    for (let at = 0; at < text.length; at++) {
      for (const k of d.keywords) {
        if (!lower.startsWith(k, at)) continue;
        const start = Math.max(0, at - reach);
        const end = Math.min(text.length, at + k.length + reach);
        if (ranges.length > 0 && start <= ranges[ranges.length - 1]!) ranges[ranges.length - 1] = Math.max(end, ranges[ranges.length - 1]!);
        else ranges.push(start, end);
      }
    }
    // Snapped to the line boundaries, all within the snapping distance in these texts.
    for (let k = 0; k < ranges.length; k += 2) {
      ranges[k] = Math.max(text.lastIndexOf('\n', ranges[k]! - 1) + 1, k > 0 ? ranges[k - 1]! : 0);
      const lineEnd = text.indexOf('\n', ranges[k + 1]!);
      ranges[k + 1] = lineEnd === -1 ? text.length : lineEnd;
    }
    return ranges.length > 0 ? ranges : undefined;
  });
}

/** An automaton with a column per ASCII character, as the textbook builds it. */
type WideAutomaton = Omit<KeywordAutomaton, 'classes' | 'rowLength'>;

/** The automaton with its classes spread back into a column per ASCII character, rows renumbered to match. */
function widened({ classes, rowLength, transitions, firstHit, ...rest }: KeywordAutomaton): WideAutomaton {
  const wide = new Int32Array((transitions.length / rowLength) * 128);
  for (let row = 0; row * rowLength < transitions.length; row++) {
    for (let code = 0; code < 128; code++) wide[row * 128 + code] = (transitions[row * rowLength + classes[code]!]! / rowLength) * 128;
  }
  return { ...rest, transitions: wide, firstHit: (firstHit / rowLength) * 128 };
}

/**
 * The automaton built the textbook way, one full row per trie state and the fail links found through those rows, then
 * renumbered: what the table built from the sparse trie must equal cell for cell.
 */
function referenceAutomaton(detectors: readonly SecretDetector[]): WideAutomaton {
  const goto: Int32Array[] = [new Int32Array(128).fill(-1)];
  const outs: Array<Set<number>> = [new Set()];
  const depth: number[] = [0];
  detectors.forEach((d, index) => {
    for (const keyword of d.keywords) {
      if (keyword.length === 0 || !/^[\x20-\x7e]+$/.test(keyword)) continue;
      let state = 0;
      for (const ch of keyword.toLowerCase()) {
        const code = ch.charCodeAt(0);
        if (goto[state]![code] === -1) {
          goto[state]![code] = goto.length;
          goto.push(new Int32Array(128).fill(-1));
          outs.push(new Set());
          depth.push(depth[state]! + 1);
        }
        state = goto[state]![code]!;
      }
      outs[state]!.add(index);
    }
  });
  const fail = new Int32Array(goto.length);
  const longest = new Int32Array(goto.length);
  const queue: number[] = [];
  for (let code = 0; code < 128; code++) {
    if (goto[0]![code] === -1) goto[0]![code] = 0;
    else queue.push(goto[0]![code]!);
  }
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    if (outs[state]!.size > 0) longest[state] = depth[state]!;
    for (const index of outs[fail[state]!]!) outs[state]!.add(index);
    longest[state] = Math.max(longest[state]!, longest[fail[state]!]!);
    for (let code = 0; code < 128; code++) {
      const next = goto[state]![code]!;
      if (next === -1) goto[state]![code] = goto[fail[state]!]![code]!;
      else {
        fail[next] = goto[fail[state]!]![code]!;
        queue.push(next);
      }
    }
  }
  const order = [...goto.keys()].sort((a, b) => Number(outs[a]!.size > 0) - Number(outs[b]!.size > 0) || a - b);
  const renumbered = new Int32Array(goto.length);
  order.forEach((state, index) => (renumbered[state] = index));
  const firstHitState = order.findIndex((state) => outs[state]!.size > 0);
  const hitStates = firstHitState === -1 ? [] : order.slice(firstHitState);
  const transitions = new Int32Array(goto.length * 128);
  order.forEach((state, index) => {
    for (let code = 0; code < 128; code++) {
      const lower = code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
      transitions[index * 128 + code] = renumbered[goto[state]![lower]!]! * 128;
    }
  });
  return {
    transitions,
    firstHit: (firstHitState === -1 ? goto.length : firstHitState) * 128,
    outputs: hitStates.map((state) => Int32Array.from(outs[state]!)),
    longest: Int32Array.from(hitStates, (state) => longest[state]!),
    reach: Int32Array.from(detectors, (d) => d.maxMatchLength ?? DEFAULT_REACH),
    lookBack: Int32Array.from(detectors, (d) => d.lookBack ?? d.maxMatchLength ?? DEFAULT_REACH),
    maxKeywordLength: Math.max(0, ...depth),
  };
}

describe('keywordAutomaton', () => {
  it('is the textbook automaton, cell for cell, over every built-in detector', () => {
    const automaton = keywordAutomaton(DETECTORS);
    const built = widened(automaton);
    expect(built.transitions.length).toBeGreaterThan(1000 * 128);
    // A row per state of a class per keyword character (upper case folded) and one for every other byte.
    expect(automaton.rowLength).toBeLessThan(60);
    expect(built.outputs.length).toBeGreaterThan(100);
    const reference = referenceAutomaton(DETECTORS);
    // Compared as bytes first: a deep equality over 200,000 cells takes vitest over a second.
    expect(Buffer.from(built.transitions.buffer).equals(Buffer.from(reference.transitions.buffer))).toBe(true);
    expect({ ...built, transitions: [] }).toEqual({ ...reference, transitions: [] });
  });

  it('sends every byte no keyword holds, and every byte above 127, back to the root from any state', () => {
    const { classes, rowLength, transitions } = keywordAutomaton(DETECTORS);
    const inKeywords = new Set(DETECTORS.flatMap((d) => d.keywords.join('').toLowerCase().split('')));
    for (let code = 0; code < 256; code++) {
      const lower = String.fromCharCode(code).toLowerCase();
      expect(classes[code] === 0, String(code)).toBe(code > 127 || !inKeywords.has(lower));
    }
    for (let row = 0; row < transitions.length; row += rowLength) expect(transitions[row]).toBe(0);
  });

  it('is the textbook automaton for keywords that share prefixes and suffixes, and with no keyword at all', () => {
    const sets = [[['ab', 'abc'], ['bca'], ['cab', 'b-c'], ['aaa'], ['c']], [['she', 'he'], ['hers', 'his']], [['clé'], ['']], []];
    for (const keywords of sets) {
      const detectors = keywords.map((k, i) => detector(k, i === 0 ? 9 : undefined));
      expect(widened(keywordAutomaton(detectors))).toEqual(referenceAutomaton(detectors));
    }
  });
});
