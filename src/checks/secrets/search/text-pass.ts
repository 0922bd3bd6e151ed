import type { KeywordAutomaton } from './keyword-automaton.js';
import { compileWasm, instantiateWasm, WASM_PAGE, type WasmGlobal, type WasmMemory, type WasmModule } from '../../../core/wasm.js';
import { BASE64_ALPHABET, isBase64Char, maximalRuns, MIN_RUN } from './encoded-runs.js';
import { TEXT_PASS_WASM } from './text-pass-wasm.js';

/** What one read of a text finds. Both arrays are reused by the next pass: its caller reads them at once. */
export interface TextPass {
  /**
   * Every keyword hit in order, as pairs: the index of the hit's last character, and the hit state's number (its row
   * offset minus `firstHit`, over the row length: its index in `outputs` and `longest`).
   *
   * A UTF-16 unit is read as its low byte, as the search loop reads bytes. That can add a hit where a unit above
   * U+00FF reads as a keyword's letter, never hide one (a keyword is ASCII, read as itself): at worst a detector looks
   * at text it would not have, and its pattern decides as it always does.
   */
  hits: number[];
  /** Every maximal run of base64 characters at least MIN_RUN long, in order, as pairs (start, end): see maximalRuns. */
  runs: number[];
  /**
   * Per run, its first characters decoded and sniffed as base64 (see RunPrefix), packed as the decoded length times
   * two plus one when binary; -1 where the pass made no sniff.
   */
  prefixes: number[];
}

/** The keyword hits and base64 runs of `text`, in one copy of it into the compiled module (a script loop without one). */
export function passText(text: string, automaton: KeywordAutomaton): TextPass {
  pass.hits.length = 0;
  pass.runs.length = 0;
  pass.prefixes.length = 0;
  const search = compiledSearch(automaton);
  if (!search) {
    findInScript(text, automaton, pass.hits);
    maximalRuns(text, 0, text.length, pass.runs);
    return pass;
  }
  search.find(text, pass);
  // A run in the copy is a run of the text unless a unit above U+00FF was read as a base64 letter; only a text with
  // such a unit (a one-byte string never has one, which the pattern answers at once) has its runs looked at again.
  if (pass.runs.length > 0 && ABOVE_LATIN1.test(text)) {
    pass.runs = exactRuns(text, pass.runs);
    pass.prefixes.length = 0;
  }
  return pass;
}

const pass: TextPass = { hits: [], runs: [], prefixes: [] };
const ABOVE_LATIN1 = /[^\u0000-\u00ff]/;

/** The runs of the text within runs of its one-byte copy: a run holding a unit outside the alphabet is split there. */
function exactRuns(text: string, copied: readonly number[]): number[] {
  const runs: number[] = [];
  for (let k = 0; k < copied.length; k += 2) {
    const [start, end] = [copied[k]!, copied[k + 1]!];
    let exact = true;
    for (let i = start; i < end && exact; i++) exact = isBase64Char(text, i);
    if (exact) runs.push(start, end);
    else maximalRuns(text, start, end, runs);
  }
  return runs;
}

/**
 * The keyword loop in plain script, for a runtime without WebAssembly (`node --jitless`); the tests' reference for the
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

/** Text copied into the module's memory at once: a longer text is read a segment at a time, runs joined across. */
const SEGMENT = 1 << 20;
/** Text the keyword loop reads per call: its hit lists are sized for it. */
const CHUNK = 1 << 16;
const LANES = 4;
/** Chunks shorter than this are read in one pass: below it, the lanes' warm-up reads would cost more than they save. */
const SPLIT = 2048;
/** Hits a lane's list holds: one per byte at most, and lane 3 reads the odd bytes left after the four lanes too. */
const LANE_CAPACITY = CHUNK / LANES + LANES;
/** Runs a segment holds at most: each is MIN_RUN long and followed by a byte outside the alphabet. */
const RUN_CAPACITY = Math.ceil(SEGMENT / (MIN_RUN + 1)) + 1;
/** A run in the module's list: its start, its end, and its sniffed prefix. */
const RUN_WORDS = 3;
/** The base64 table and, after it, the module's room for a decoded prefix (48 bytes). */
const ALPHABET_BYTES = 256 + 64;
/** Where the table starts in the module's memory, after the 256 byte classes (fixed in text-pass.wat). */
const TABLE = 256;

interface TextPassExports {
  memory: WasmMemory;
  end0: WasmGlobal;
  end1: WasmGlobal;
  end2: WasmGlobal;
  end3: WasmGlobal;
  warm(from: number, to: number): number;
  search1(from: number, to: number, state: number, firstHit: number, hits: number): number;
  search4(from: number, laneLength: number, s0: number, s1: number, s2: number, s3: number, firstHit: number, h0: number, h1: number, h2: number, h3: number): number;
  runs(from: number, to: number, alphabet: number, min: number, out: number): number;
}

/**
 * The automaton's table in a WebAssembly instance of its own, and the loops that read a text through it (see
 * text-pass.wat). The keyword loop reads four lanes side by side over each chunk, each starting `maxKeywordLength`
 * bytes early from the root to reach the state one pass would be in there, since a state stands for the longest suffix
 * of the text read so far that begins a keyword: measured at 3.4x the speed of the script loop over a dependency
 * tree's 217 MB of text. The run search tests sixteen bytes at a time: 3x the script's, over the same text.
 */
class CompiledSearch {
  private readonly exports: TextPassExports;
  private readonly bytes: Buffer;
  private readonly words: Int32Array;
  private readonly laneLists: number[];
  private readonly runList: number;
  private readonly alphabet: number;
  /** Where a segment's copy starts: `lookBack` bytes before it come first, for the lanes' warm-up. */
  private readonly text: number;
  private readonly lookBack: number;

  constructor(
    module: WasmModule,
    private readonly automaton: KeywordAutomaton,
  ) {
    const { classes, transitions, maxKeywordLength } = automaton;
    this.exports = instantiateWasm<TextPassExports>(module);
    const lists = TABLE + transitions.length * 4;
    this.laneLists = Array.from({ length: LANES }, (_, lane) => lists + lane * LANE_CAPACITY * 8);
    this.runList = lists + LANES * LANE_CAPACITY * 8;
    this.alphabet = this.runList + RUN_CAPACITY * RUN_WORDS * 4;
    this.lookBack = maxKeywordLength;
    this.text = this.alphabet + ALPHABET_BYTES;
    const size = this.text + maxKeywordLength + SEGMENT;
    const { memory } = this.exports;
    memory.grow(Math.ceil(size / WASM_PAGE) - memory.buffer.byteLength / WASM_PAGE);
    this.bytes = Buffer.from(memory.buffer);
    this.words = new Int32Array(memory.buffer);
    // The module addresses bytes: a class becomes its column's byte offset, a row offset its row's.
    for (let code = 0; code < 256; code++) this.bytes[code] = classes[code]! * 4;
    for (let cell = 0; cell < transitions.length; cell++) this.words[TABLE / 4 + cell] = transitions[cell]! * 4;
    // A character's value plus one, as the module decodes: URL-safe `-` and `_` are standard `+` and `/`.
    for (const [index, ch] of [...BASE64_ALPHABET].entries()) this.bytes[this.alphabet + ch.charCodeAt(0)] = (ch === '-' ? 62 : ch === '_' ? 63 : index) + 1;
  }

  find(text: string, out: TextPass): void {
    for (let from = 0; from < text.length; from += SEGMENT) {
      const to = Math.min(text.length, from + SEGMENT);
      const before = Math.min(from, this.lookBack);
      this.bytes.write(text.slice(from - before, to), this.text, 'latin1');
      const start = this.text + before;
      this.findKeywords(start, to - from, start - from, out.hits);
      this.findRuns(text, from, to, start - from, out);
    }
  }

  /** The hits in the `length` bytes copied at `start`; an address less `shift` is an index in the text. */
  private findKeywords(start: number, length: number, shift: number, out: number[]): void {
    const { exports, laneLists, lookBack } = this;
    const firstHit = this.automaton.firstHit * 4;
    const warm = (at: number) => exports.warm(Math.max(this.text, at - lookBack), at);
    for (let chunk = start; chunk < start + length; chunk += CHUNK) {
      const chunkLength = Math.min(CHUNK, start + length - chunk);
      if (chunkLength < SPLIT) {
        const end = exports.search1(chunk, chunk + chunkLength, warm(chunk), firstHit, laneLists[0]!);
        this.collectHits(laneLists[0]!, end, shift, out);
        continue;
      }
      const lane = chunkLength >> 2;
      const states = [0, 1, 2, 3].map((k) => warm(chunk + k * lane));
      const last = exports.search4(chunk, lane, states[0]!, states[1]!, states[2]!, states[3]!, firstHit, laneLists[0]!, laneLists[1]!, laneLists[2]!, laneLists[3]!);
      const ends = [exports.end0.value, exports.end1.value, exports.end2.value];
      ends.push(exports.search1(chunk + LANES * lane, chunk + chunkLength, last, firstHit, exports.end3.value));
      ends.forEach((end, k) => this.collectHits(laneLists[k]!, end, shift, out));
    }
  }

  /**
   * The runs of the segment [from, to) of `text`, copied at `from + shift`. A run that reaches an end of the segment
   * may go on in the next or have begun in the last, where the module never looked: the text itself is read around
   * that end instead.
   */
  private findRuns(text: string, from: number, to: number, shift: number, out: TextPass): void {
    const end = this.exports.runs(from + shift, to + shift, this.alphabet, MIN_RUN, this.runList);
    const { words } = this;
    if (from > 0 && runAcross(text, from, out.runs)) out.prefixes.push(-1);
    for (let at = this.runList >> 2; at < end >> 2; at += RUN_WORDS) {
      const [start, stop] = [words[at]! - shift, words[at + 1]! - shift];
      if ((start === from && from > 0) || (stop === to && to < text.length)) continue;
      out.runs.push(start, stop);
      out.prefixes.push(words[at + 2]!);
    }
  }

  /** A lane's hits, from addresses in the module's memory to indices in the text (`shift` apart). */
  private collectHits(list: number, end: number, shift: number, out: number[]): void {
    const { firstHit, rowLength } = this.automaton;
    for (let at = list >> 2; at < end >> 2; at += 2) out.push(this.words[at]! - shift, ((this.words[at + 1]! >> 2) - firstHit) / rowLength);
  }
}

/**
 * The maximal run that ends at, starts at or spans the boundary `at` between two segments, which neither segment's
 * search lists, if it is long enough and not listed at an earlier boundary (a run longer than a segment reaches several);
 * whether it listed one.
 */
function runAcross(text: string, at: number, out: number[]): boolean {
  if (out.length > 0 && out[out.length - 1]! >= at) return false;
  let start = at;
  while (start > 0 && isBase64Char(text, start - 1)) start--;
  let end = at;
  while (end < text.length && isBase64Char(text, end)) end++;
  if (end - start < MIN_RUN) return false;
  out.push(start, end);
  return true;
}

let module: WasmModule | null | undefined;
const searches = new WeakMap<KeywordAutomaton, CompiledSearch>();

/** The automaton's compiled search; undefined where this runtime has no WebAssembly. */
function compiledSearch(automaton: KeywordAutomaton): CompiledSearch | undefined {
  let search = searches.get(automaton);
  if (search) return search;
  if (module === undefined) module = compileWasm(TEXT_PASS_WASM) ?? null;
  if (module === null) return undefined;
  search = new CompiledSearch(module, automaton);
  searches.set(automaton, search);
  return search;
}
