/** Shortest base64 or hex run worth decoding: below this, decoded text is too short to hold a credential. */
export const MIN_RUN = 32;
/** Enough decoded bytes to tell text from binary before paying for the whole run (fixed in text-pass.wat too). */
const SNIFF_CHARS = 64;

/** Standard and URL-safe base64 together, as a run is looked for before its alphabet is known. */
export const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-';
const BASE64_CHAR = new Uint8Array(128);
for (const ch of BASE64_ALPHABET) BASE64_CHAR[ch.charCodeAt(0)] = 1;

export function isBase64Char(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code < 128 && BASE64_CHAR[code] === 1;
}

/** Line widths base64 tools wrap at: PEM and OpenSSL (64), MIME and GNU `base64` (76). */
const WRAP_WIDTHS: ReadonlySet<number> = new Set([64, 76]);
/** Indentation allowed before a continuation line (a wrapped value in a YAML block scalar). */
const MAX_INDENT = 40;

function isHexRun(text: string, start: number, end: number): boolean {
  return /^[0-9a-fA-F]*$/.test(text.slice(start, end)) && (end - start) % 2 === 0;
}

/** The continuation line holds nothing but base64 (then padding): not `key: v`, whose `key` is base64 letters too. */
function endsLine(text: string, at: number): boolean {
  let i = at;
  while (i < at + 2 && text.charCodeAt(i) === 61) i++;
  const code = text.charCodeAt(i);
  return Number.isNaN(code) || code === 10 || code === 13 || code === 34 || code === 39;
}

/**
 * Where a wrapped run ends: while a line of base64 is exactly a wrapping width long and the next line (after optional
 * indentation) continues with base64 no longer than it, they are one value. Node's base64 decoder skips the line
 * breaks and indentation in between, so a token wrapped by `base64` decodes whole instead of in 57-byte pieces.
 */
function wrappedEnd(text: string, lineStart: number, end: number): number {
  let segmentStart = lineStart;
  let segmentEnd = end;
  while (WRAP_WIDTHS.has(segmentEnd - segmentStart)) {
    let next = segmentEnd;
    if (text.charCodeAt(next) === 13) next++;
    if (text.charCodeAt(next) !== 10) break;
    next++;
    const indentLimit = next + MAX_INDENT;
    while (next < indentLimit && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9)) next++;
    let nextEnd = next;
    while (nextEnd < text.length && isBase64Char(text, nextEnd)) nextEnd++;
    if (nextEnd === next || nextEnd - next > segmentEnd - segmentStart || !endsLine(text, nextEnd)) break;
    segmentStart = next;
    segmentEnd = nextEnd;
  }
  return segmentEnd;
}

export interface EncodedRun {
  start: number;
  end: number;
  encoding: 'base64' | 'hex';
  /** What decodeRunPrefix and looksBinary would say of it, when the text pass worked it out already. */
  prefix?: RunPrefix;
}

export interface RunPrefix {
  /** Decoded length of the first SNIFF_CHARS characters. */
  bytes: number;
  binary: boolean;
}

/**
 * Every maximal run of base64 characters in `[from, to)` at least `MIN_RUN` long, appended to `out` as pairs (start,
 * end). Looks at every `MIN_RUN`th character first and only walks from one inside the alphabet, so ordinary source
 * costs a fraction of a pass (measured 5x faster than `/[A-Za-z0-9+\/_-]{32,}/g`, which retries from every position).
 * The text pass (text-pass.ts) finds the same runs in WebAssembly; this is its fallback and the tests' reference.
 */
export function maximalRuns(text: string, from: number, to: number, out: number[]): number[] {
  let i = from;
  while (i + MIN_RUN <= to) {
    const probe = i + MIN_RUN - 1;
    if (!isBase64Char(text, probe)) {
      i = probe + 1;
      continue;
    }
    let start = probe;
    while (start > i && isBase64Char(text, start - 1)) start--;
    // Long enough only if every character up to `start + MIN_RUN - 1` is in the alphabet. Checked from that far end,
    // the first outside it (usually the first looked at) is where the next run may start: no run of MIN_RUN fits
    // before it, and the word the probe hit is not walked to its end.
    if (start + MIN_RUN > to) break;
    let gap = start + MIN_RUN - 1;
    while (gap > probe && isBase64Char(text, gap)) gap--;
    if (gap > probe) {
      i = gap + 1;
      continue;
    }
    let end = start + MIN_RUN;
    while (end < to && isBase64Char(text, end)) end++;
    out.push(start, end);
    i = end + 1;
  }
  return out;
}

/**
 * The runs worth decoding: base64 (standard or URL-safe, with its `=` padding) or hex, from the maximal runs of the
 * alphabet (`maximal`, as maximalRuns gives them), joined across the line breaks of wrapped base64 (see `wrappedEnd`;
 * a run then spans lines and holds their breaks). What a run took, its padding or wrapped lines, is no other run's,
 * and neither is the character after it. `prefixes` (as the text pass gives them) are kept on the base64 runs that
 * start where their maximal run does: a run's first SNIFF_CHARS characters are its maximal run's, padding aside.
 */
export function encodedRuns(text: string, maximal: readonly number[] = maximalRuns(text, 0, text.length, []), prefixes: readonly number[] = []): EncodedRun[] {
  const runs: EncodedRun[] = [];
  let next = 0;
  for (let k = 0; k < maximal.length; k += 2) {
    const start = Math.max(maximal[k]!, next);
    let end = maximal[k + 1]!;
    if (end - start < MIN_RUN) continue;
    const hex = isHexRun(text, start, end);
    if (!hex) {
      end = wrappedEnd(text, start, end);
      for (let pad = 0; pad < 2 && text.charCodeAt(end) === 61; pad++) end++;
    }
    const packed = prefixes[k >> 1] ?? -1;
    if (hex || packed < 0 || start !== maximal[k]) runs.push({ start, end, encoding: hex ? 'hex' : 'base64' });
    else runs.push({ start, end, encoding: 'base64', prefix: { bytes: packed >> 1, binary: (packed & 1) === 1 } });
    next = end + 1;
  }
  return runs;
}

/** Decoded bytes of at most `maxBytes`, from the start of the run; a run cut short still yields its prefix. */
export function decodeRun(text: string, run: EncodedRun, maxBytes: number): Buffer {
  const chars = run.encoding === 'hex' ? maxBytes * 2 : Math.floor(maxBytes / 3) * 4;
  const encoded = text.slice(run.start, Math.min(run.end, run.start + chars));
  return Buffer.from(encoded, run.encoding === 'hex' ? 'hex' : 'base64');
}

/** A cheap look at the first bytes, to skip hashes, images and other binary without decoding all of it. */
export function decodeRunPrefix(text: string, run: EncodedRun): Buffer {
  return Buffer.from(text.slice(run.start, Math.min(run.end, run.start + SNIFF_CHARS)), run.encoding === 'hex' ? 'hex' : 'base64');
}
