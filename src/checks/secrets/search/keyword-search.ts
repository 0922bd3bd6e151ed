import type { KeywordAutomaton } from './keyword-automaton.js';
import { KEYWORD_SEARCH_WASM } from './keyword-search-wasm.js';

/**
 * Every keyword hit in `text` in order, as pairs: the index of the hit's last character, and the hit state's number
 * (its row offset minus `firstHit`, over the row length: its index in `outputs` and `longest`). The array is reused by
 * the next call (the search is synchronous, and its caller reads it at once).
 *
 * A UTF-16 unit is read as its low byte, as the search loop reads bytes. That can add a hit where a unit above U+00FF
 * reads as a keyword's letter, never hide one (a keyword is ASCII, read as itself): at worst a detector looks at text
 * it would not have, and its pattern decides as it always does.
 */
export function keywordHits(text: string, automaton: KeywordAutomaton): number[] {
  hits.length = 0;
  const search = compiledSearch(automaton);
  if (search) search.find(text, hits);
  else findInScript(text, automaton, hits);
  return hits;
}

const hits: number[] = [];

/**
 * The loop in plain script, for a runtime without WebAssembly (`node --jitless`); the tests' reference for the
 * compiled loop. About a third of its speed: its steps wait on one another's table loads.
 */
export function findInScript(text: string, automaton: KeywordAutomaton, out: number[]): void {
  const { classes, transitions, firstHit, rowLength } = automaton;
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    state = transitions[state + classes[text.charCodeAt(i) & 0xff]!]!;
    if (state >= firstHit) out.push(i, (state - firstHit) / rowLength);
  }
}

/** Text copied into the module's memory per call: its hit lists are sized for it, whatever the length of the text. */
const CHUNK = 1 << 16;
const LANES = 4;
/** Chunks shorter than this are read in one pass: below it, the lanes' warm-up reads would cost more than they save. */
const SPLIT = 2048;
/** Hits a lane's list holds: one per byte at most, and lane 3 reads the odd bytes left after the four lanes too. */
const LANE_CAPACITY = CHUNK / LANES + LANES;
/** Where the table starts in the module's memory, after the 256 byte classes (fixed in keyword-search.wat). */
const TABLE = 256;
const PAGE = 65536;

/** The part of the WebAssembly API used here: @types/node 20 declares none of it, and the DOM library is not for us. */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: object;
  }
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
  interface Global {
    readonly value: number;
  }
}

interface KeywordSearchExports {
  memory: WebAssembly.Memory;
  end0: WebAssembly.Global;
  end1: WebAssembly.Global;
  end2: WebAssembly.Global;
  end3: WebAssembly.Global;
  warm(from: number, to: number): number;
  search1(from: number, to: number, state: number, firstHit: number, hits: number): number;
  search4(from: number, laneLength: number, s0: number, s1: number, s2: number, s3: number, firstHit: number, h0: number, h1: number, h2: number, h3: number): number;
}

/**
 * The automaton's table in a WebAssembly instance of its own, and the loop that reads a text through it: four lanes
 * side by side over each chunk (see keyword-search.wat), each starting `maxKeywordLength` bytes early from the root to
 * reach the state one pass would be in there, since a state stands for the longest suffix of the text read so far that
 * begins a keyword. Measured at 3.4x the speed of the script loop over a dependency tree's 217 MB of text.
 */
class CompiledSearch {
  private readonly exports: KeywordSearchExports;
  private readonly bytes: Buffer;
  private readonly words: Int32Array;
  private readonly laneLists: number[];
  private readonly text: number;
  private readonly lookBack: number;

  constructor(
    module: WebAssembly.Module,
    private readonly automaton: KeywordAutomaton,
  ) {
    const { classes, transitions, maxKeywordLength } = automaton;
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as KeywordSearchExports;
    const lists = TABLE + transitions.length * 4;
    this.laneLists = Array.from({ length: LANES }, (_, lane) => lists + lane * LANE_CAPACITY * 8);
    this.lookBack = maxKeywordLength;
    this.text = lists + LANES * LANE_CAPACITY * 8;
    const size = this.text + maxKeywordLength + CHUNK;
    const { memory } = this.exports;
    memory.grow(Math.ceil(size / PAGE) - memory.buffer.byteLength / PAGE);
    this.bytes = Buffer.from(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    // The module addresses bytes: a class becomes its column's byte offset, a row offset its row's.
    for (let code = 0; code < 256; code++) this.bytes[code] = classes[code]! * 4;
    for (let cell = 0; cell < transitions.length; cell++) this.words[TABLE / 4 + cell] = transitions[cell]! * 4;
  }

  find(text: string, out: number[]): void {
    const { exports, laneLists, lookBack } = this;
    const firstHit = this.automaton.firstHit * 4;
    for (let from = 0; from < text.length; from += CHUNK) {
      const to = Math.min(text.length, from + CHUNK);
      const before = Math.min(from, lookBack);
      this.bytes.write(text.slice(from - before, to), this.text, 'latin1');
      const start = this.text + before;
      const length = to - from;
      if (length < SPLIT) {
        const end = exports.search1(start, start + length, exports.warm(this.text, start), firstHit, laneLists[0]!);
        this.collect(laneLists[0]!, end, from - start, out);
        continue;
      }
      const lane = length >> 2;
      const states = [0, 1, 2, 3].map((k) => exports.warm(Math.max(this.text, start + k * lane - lookBack), start + k * lane));
      const last = exports.search4(start, lane, states[0]!, states[1]!, states[2]!, states[3]!, firstHit, laneLists[0]!, laneLists[1]!, laneLists[2]!, laneLists[3]!);
      const ends = [exports.end0.value, exports.end1.value, exports.end2.value];
      ends.push(exports.search1(start + LANES * lane, start + length, last, firstHit, exports.end3.value));
      ends.forEach((end, k) => this.collect(laneLists[k]!, end, from - start, out));
    }
  }

  /** A lane's hits, from addresses in the module's memory to indices in the text (`shift` apart). */
  private collect(list: number, end: number, shift: number, out: number[]): void {
    const { firstHit, rowLength } = this.automaton;
    for (let at = list >> 2; at < end >> 2; at += 2) out.push(this.words[at]! + shift, ((this.words[at + 1]! >> 2) - firstHit) / rowLength);
  }
}

let module: WebAssembly.Module | null | undefined;
const searches = new WeakMap<KeywordAutomaton, CompiledSearch>();

/** The automaton's compiled search; undefined where this runtime has no WebAssembly. */
function compiledSearch(automaton: KeywordAutomaton): CompiledSearch | undefined {
  let search = searches.get(automaton);
  if (search) return search;
  if (module === undefined) module = typeof WebAssembly === 'object' ? new WebAssembly.Module(Buffer.from(KEYWORD_SEARCH_WASM, 'base64')) : null;
  if (module === null) return undefined;
  search = new CompiledSearch(module, automaton);
  searches.set(automaton, search);
  return search;
}
