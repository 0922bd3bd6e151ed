import type { Confirmation, SecretDetector, SecretMatch } from '../types.js';
import { looksBinary, decodeText } from '../../../sources/binary.js';
import { decodeRun, decodeRunPrefix, encodedRuns, type EncodedRun, type RunPrefix } from './encoded-runs.js';
import { shannonEntropy } from './entropy.js';
import { isPlaceholder } from './placeholders.js';
import { positionLookup } from './positions.js';
import { keywordAutomaton } from './keyword-automaton.js';
import { keywordWindows, type Windows } from './prefilter.js';
import { passText } from './text-pass.js';

export interface SecretScanOptions {
  detectors: readonly SecretDetector[];
  /** Layers of base64/hex to decode and rescan; default 2, 0 turns decoding off. */
  maxDecodeDepth?: number;
  /** Decoded bytes allowed per call, over all layers; default 4x the input length, at most 16 MiB. */
  decodeBudget?: number;
  /** Matches kept per call (default 1,000), so a generated file full of keys cannot flood a report. */
  maxMatches?: number;
}

const DEFAULT_DECODE_DEPTH = 2;
const MAX_DECODE_BUDGET = 16 * 1024 * 1024;
const DEFAULT_MAX_MATCHES = 1000;
const CONFIRMATION_RANK: Record<Confirmation, number> = { checksum: 0, structure: 1, entropy: 2, keyword: 3 };

/** A match in the coordinates of the layer it was found in (the text itself, or a decoded run of it). */
interface LayerMatch {
  detector: SecretDetector;
  /** Index in the detector list: the tie-breaker between equally confirmed detectors. */
  order: number;
  secret: string;
  start: number;
  end: number;
  confirmedBy: Confirmation;
  encodings: Array<'base64' | 'hex'>;
}

interface ScanState {
  detectors: readonly SecretDetector[];
  maxDepth: number;
  budget: number;
  remaining: number;
}

/**
 * Every secret the detectors find in `text`, in order of position. Pure and synchronous; never throws (a detector
 * whose `validate` throws loses only that candidate). Only detectors whose keywords occur run, and only near them.
 */
export function scanSecrets(text: string, options: SecretScanOptions): SecretMatch[] {
  const state: ScanState = {
    detectors: options.detectors,
    maxDepth: options.maxDecodeDepth ?? DEFAULT_DECODE_DEPTH,
    budget: options.decodeBudget ?? Math.min(text.length * 4, MAX_DECODE_BUDGET),
    remaining: options.maxMatches ?? DEFAULT_MAX_MATCHES,
  };
  let matches: LayerMatch[];
  try {
    matches = scanLayer(text, state, 0);
  } catch {
    return [];
  }
  const positionOf = positionLookup(text);
  return matches.map((m) => {
    const from = positionOf(m.start);
    const to = positionOf(m.end);
    return {
      detector: m.detector,
      secret: m.secret,
      line: from.line,
      column: from.column,
      endLine: to.line,
      endColumn: to.column,
      confirmedBy: m.confirmedBy,
      encodings: m.encodings,
    };
  });
}

function scanLayer(text: string, state: ScanState, depth: number): LayerMatch[] {
  const automaton = keywordAutomaton(state.detectors);
  const pass = passText(text, automaton);
  // Both read before the runs are decoded and searched, which passes over other texts.
  const windows = keywordWindows(text, state.detectors, automaton, pass.hits);
  const runs = encodedRuns(text, pass.runs, pass.prefixes);
  const clear = resolveOverlaps(findInClear(text, windows, state));
  if (depth >= state.maxDepth || state.budget <= 0 || state.remaining <= 0) return clear;
  const decoded: LayerMatch[] = [];
  const seen = new Set<string>();
  // A catch-all match (the run is the value of a `token:` key) must not stop a specific detector looking inside it.
  const specific = clear.filter((m) => !m.detector.generic);
  for (const run of runs) {
    if (state.budget <= 0 || state.remaining <= 0) break;
    if (specific.some((m) => m.start < run.end && run.start < m.end)) continue;
    for (const inner of scanRun(text, run, state, depth)) {
      const key = `${inner.order}\0${run.start}\0${inner.secret}`;
      if (seen.has(key)) continue;
      seen.add(key);
      decoded.push({ ...inner, start: run.start, end: run.end, encodings: [run.encoding, ...inner.encodings] });
    }
  }
  if (decoded.length === 0) return clear;
  // One finding per value: a specific detector inside the run beats the catch-all on it, and a catch-all inside the
  // run adds nothing to one on the run itself.
  const overlaps = (a: LayerMatch, b: LayerMatch) => a.start < b.end && b.start < a.end;
  const keptClear = clear.filter((m) => !m.detector.generic || !decoded.some((d) => !d.detector.generic && overlaps(m, d)));
  const keptDecoded = decoded.filter((d) => !d.detector.generic || !clear.some((m) => overlaps(m, d)));
  return [...keptClear, ...keptDecoded].sort((a, b) => a.start - b.start || a.order - b.order);
}

/** What the decoded run holds, in the decoded text's coordinates; binary content is skipped after a cheap sniff. */
function scanRun(text: string, run: EncodedRun, state: ScanState, depth: number): LayerMatch[] {
  const prefix = run.prefix ?? sniffPrefix(decodeRunPrefix(text, run));
  state.budget -= prefix.bytes;
  if (prefix.binary) return [];
  const bytes = decodeRun(text, run, Math.max(0, state.budget + prefix.bytes));
  state.budget -= bytes.length - prefix.bytes;
  if (bytes.length === 0 || looksBinary(bytes)) return [];
  return scanLayer(decodeText(bytes), state, depth + 1);
}

function sniffPrefix(bytes: Uint8Array): RunPrefix {
  return { bytes: bytes.length, binary: looksBinary(bytes) };
}

function findInClear(text: string, windows: ReadonlyArray<Windows | undefined>, state: ScanState): LayerMatch[] {
  const { detectors } = state;
  const found: LayerMatch[] = [];
  for (let order = 0; order < detectors.length && state.remaining > 0; order++) {
    const ranges = windows[order];
    if (!ranges) continue;
    const detector = detectors[order]!;
    const pattern = globalPattern(detector);
    for (let k = 0; k < ranges.length && state.remaining > 0; k += 2) {
      const offset = ranges[k]!;
      const window = text.slice(offset, ranges[k + 1]!);
      pattern.lastIndex = 0;
      for (let match = pattern.exec(window); match !== null && state.remaining > 0; match = pattern.exec(window)) {
        if (match[0].length === 0) pattern.lastIndex++;
        const span = match.indices?.groups?.['secret'];
        const secret = match.groups?.['secret'];
        if (!span || !secret) continue;
        const confirmedBy = confirm(detector, secret, match);
        if (!confirmedBy) continue;
        found.push({ detector, order, secret, start: offset + span[0], end: offset + span[1], confirmedBy, encodings: [] });
        state.remaining--;
      }
    }
  }
  return found;
}

const globalPatterns = new WeakMap<SecretDetector, RegExp>();

/** The detector's pattern with `g` (to walk a window) and `d` (to locate the `secret` group), never `y`. */
function globalPattern(detector: SecretDetector): RegExp {
  let pattern = globalPatterns.get(detector);
  if (!pattern) {
    const flags = [...new Set(`${detector.pattern.flags.replace('y', '')}gd`)].join('');
    pattern = new RegExp(detector.pattern.source, flags);
    globalPatterns.set(detector, pattern);
  }
  return pattern;
}

/** The strongest confirmation that applies, or undefined when the candidate is rejected. */
function confirm(detector: SecretDetector, secret: string, match: RegExpExecArray): Confirmation | undefined {
  // Cheapest checks first: most candidates of context-based detectors are words or references.
  if (detector.minEntropy !== undefined && shannonEntropy(secret) < detector.minEntropy) return undefined;
  if (detector.allow?.some((allowed) => allowed.test(secret))) return undefined;
  if (!detector.keepPlaceholders && isPlaceholder(secret)) return undefined;
  let best: Confirmation = detector.minEntropy === undefined ? 'keyword' : 'entropy';
  if (detector.validate) {
    let verdict: Confirmation | false;
    try {
      verdict = detector.validate(secret, match);
    } catch {
      return undefined;
    }
    if (verdict === false) return undefined;
    if (CONFIRMATION_RANK[verdict] < CONFIRMATION_RANK[best]) best = verdict;
  }
  return best;
}

/**
 * One secret, one finding: a generic detector yields to a specific one whose secret overlaps, and of detectors that
 * matched exactly the same span the best confirmed (then the first listed) wins.
 */
function resolveOverlaps(matches: LayerMatch[]): LayerMatch[] {
  matches.sort((a, b) => a.start - b.start || a.order - b.order);
  const dropped = new Set<LayerMatch>();
  for (let i = 0; i < matches.length; i++) {
    const a = matches[i]!;
    for (let j = i + 1; j < matches.length && matches[j]!.start < a.end; j++) {
      const b = matches[j]!;
      const loser = overlapLoser(a, b);
      if (loser) dropped.add(loser);
    }
  }
  return dropped.size === 0 ? matches : matches.filter((m) => !dropped.has(m));
}

function overlapLoser(a: LayerMatch, b: LayerMatch): LayerMatch | undefined {
  if (a.detector === b.detector) return undefined;
  if (Boolean(a.detector.generic) !== Boolean(b.detector.generic)) return a.detector.generic ? a : b;
  if (a.start !== b.start || a.end !== b.end) return undefined;
  const rankA = CONFIRMATION_RANK[a.confirmedBy];
  const rankB = CONFIRMATION_RANK[b.confirmedBy];
  return rankA < rankB || (rankA === rankB && a.order < b.order) ? b : a;
}
