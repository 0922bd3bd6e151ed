import type { SecretDetector } from '../types.js';

/** How far either side of a keyword a match may reach, unless the detector sets `maxMatchLength`. */
export const DEFAULT_REACH = 1024;

/**
 * Aho-Corasick automaton over every detector's keywords, ASCII case folded. One pass over the text finds all keyword
 * occurrences, overlapping ones included; measured at about 2x the speed of one combined case-insensitive RegExp, and
 * it needs no lowercased copy of the text (whose length could differ from the original).
 *
 * Its table is laid out for the search loop (text-pass.ts). Columns are character classes, not characters: each
 * character of a keyword is a class (an upper-case letter shares its lower-case letter's), and every other byte is
 * class 0, from which every state goes back to the root. That makes a row 49 cells instead of 128 for the built-in
 * keywords, a table the processor's cache holds far more of. A state is the offset of its row in `transitions`, saving
 * a multiplication per character, and the states where a keyword ends come last, so a hit is one comparison with
 * `firstHit`.
 */
export interface KeywordAutomaton {
  /** The class of each byte value (of each UTF-16 unit's low byte), which is its column in a row. */
  classes: Uint8Array;
  /** Cells per row: the number of classes. */
  rowLength: number;
  /** Row offset of the next state, by the current state's row offset plus the character's class. */
  transitions: Int32Array;
  /** Row offsets from here on are states where a keyword ends. */
  firstHit: number;
  /** Per state from `firstHit` on (by row offset minus `firstHit`, over the row length): the detectors whose keyword ends there. */
  outputs: Int32Array[];
  /** Per such state: the longest keyword ending there, to find where the hit starts. */
  longest: Int32Array;
  /** Per detector: how far after a keyword its matches may reach. */
  reach: Int32Array;
  /** Per detector: how far before a keyword its pattern may need text (SecretDetector.lookBack). */
  lookBack: Int32Array;
  /** The longest keyword: no state stands for more characters than this. */
  maxKeywordLength: number;
}

const automatons = new WeakMap<readonly SecretDetector[], KeywordAutomaton>();

export function keywordAutomaton(detectors: readonly SecretDetector[]): KeywordAutomaton {
  let automaton = automatons.get(detectors);
  if (!automaton) {
    automaton = buildAutomaton(detectors);
    automatons.set(detectors, automaton);
  }
  return automaton;
}

/** Trie edges are keyed by parent state times this plus the character code (printable ASCII). */
const EDGE_KEY = 128;

/** The keyword trie, its states numbered in the order they are created; 0 is the root. */
interface KeywordTrie {
  /** Child state by parent state times `EDGE_KEY` plus the character code. */
  edges: Map<number, number>;
  /** Per state: its parent and the character code leading to it (root: 0 and 0). */
  parent: number[];
  code: number[];
  /** The states of each depth, the root alone at depth 0. */
  levels: number[][];
  /** The detectors whose keyword ends exactly at a state, in detector order; only states where one ends. */
  ends: Map<number, number[]>;
}

function keywordTrie(detectors: readonly SecretDetector[]): KeywordTrie {
  const trie: KeywordTrie = { edges: new Map(), parent: [0], code: [0], levels: [[0]], ends: new Map() };
  detectors.forEach((detector, index) => {
    for (const keyword of detector.keywords) {
      // Keywords are lowercase ASCII by contract; other characters could never match the folded table.
      if (keyword.length === 0 || !/^[\x20-\x7e]+$/.test(keyword)) continue;
      const lower = keyword.toLowerCase();
      let state = 0;
      for (let depth = 1; depth <= lower.length; depth++) {
        const code = lower.charCodeAt(depth - 1);
        let next = trie.edges.get(state * EDGE_KEY + code);
        if (next === undefined) {
          next = trie.parent.length;
          trie.edges.set(state * EDGE_KEY + code, next);
          trie.parent.push(state);
          trie.code.push(code);
          (trie.levels[depth] ??= []).push(next);
        }
        state = next;
      }
      const ends = trie.ends.get(state);
      if (!ends) trie.ends.set(state, [index]);
      else if (!ends.includes(index)) ends.push(index);
    }
  });
  return trie;
}

/** Class 0 for every byte no keyword holds; then one per keyword character, in code order, upper case folded. */
function characterClasses(trie: KeywordTrie): { classes: Uint8Array; count: number } {
  const classes = new Uint8Array(256);
  let count = 1;
  for (const code of [...new Set(trie.code.slice(1))].sort((a, b) => a - b)) {
    classes[code] = count;
    if (code >= 0x61 && code <= 0x7a) classes[code - 0x20] = count;
    count++;
  }
  return { classes, count };
}

/**
 * Fail links are found on the sparse trie, and each state's row of the table is its fail state's row (complete, being
 * shallower) with the edges to its own children written over it: no table per state and no loop per cell, which cost
 * tens of milliseconds at every start under the interpreter.
 */
function buildAutomaton(detectors: readonly SecretDetector[]): KeywordAutomaton {
  const trie = keywordTrie(detectors);
  const { edges, parent, code, levels, ends } = trie;
  const { classes, count: rowLength } = characterClasses(trie);
  const count = parent.length;
  const fail = new Int32Array(count);
  const longest = new Int32Array(count);
  const outs = new Array<number[] | undefined>(count);
  // Level by level, so a state's parent and fail state (both shallower) are done before it.
  levels.forEach((level, depth) => {
    for (const state of depth > 1 ? level : []) fail[state] = transition(edges, fail, fail[parent[state]!]!, code[state]!);
    for (const state of depth > 0 ? level : []) {
      const own = ends.get(state);
      const inherited = outs[fail[state]!];
      outs[state] = own && inherited ? [...new Set([...own, ...inherited])] : (own ?? inherited);
      longest[state] = Math.max(own ? depth : 0, longest[fail[state]!]!);
    }
  });
  // Renumbered: states without output first (the root stays 0), then those with one, each in order of creation.
  const renumbered = new Int32Array(count);
  const hitStates: number[] = [];
  let quiet = 0;
  for (let state = 0; state < count; state++) if (!outs[state]) renumbered[state] = quiet++;
  for (let state = 0; state < count; state++) {
    if (outs[state]) {
      renumbered[state] = quiet + hitStates.length;
      hitStates.push(state);
    }
  }
  const transitions = new Int32Array(count * rowLength);
  levels.forEach((level, depth) => {
    if (depth === 0) return;
    // First the edges into the level above, whose rows are copied already; then this level's rows, copied from fail
    // states whose every edge (to this level at most) is in place.
    for (const state of level) transitions[renumbered[parent[state]!]! * rowLength + classes[code[state]!]!] = renumbered[state]! * rowLength;
    for (const state of level) {
      const from = renumbered[fail[state]!]! * rowLength;
      transitions.copyWithin(renumbered[state]! * rowLength, from, from + rowLength);
    }
  });
  return {
    classes,
    rowLength,
    transitions,
    firstHit: quiet * rowLength,
    // Typed arrays made from plain arrays: `Int32Array.from` with a mapping function costs more at start-up.
    outputs: hitStates.map((state) => new Int32Array(outs[state]!)),
    longest: new Int32Array(hitStates.map((state) => longest[state]!)),
    reach: new Int32Array(detectors.map((d) => d.maxMatchLength ?? DEFAULT_REACH)),
    lookBack: new Int32Array(detectors.map((d) => d.lookBack ?? d.maxMatchLength ?? DEFAULT_REACH)),
    maxKeywordLength: levels.length - 1,
  };
}

/** The state reached from `state` on `code`: its child if it has one, else its fail state's transition. */
function transition(edges: Map<number, number>, fail: Int32Array, state: number, code: number): number {
  for (let at = state; ; at = fail[at]!) {
    const child = edges.get(at * EDGE_KEY + code);
    if (child !== undefined) return child;
    if (at === 0) return 0;
  }
}
