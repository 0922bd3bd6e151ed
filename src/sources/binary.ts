import { isUtf8 } from 'node:buffer';
import { compileWasm, instantiateWasm, type WasmMemory } from '../core/wasm.js';
import { BINARY_SNIFF_WASM } from './binary-sniff-wasm.js';

export const SNIFF_BYTES = 8192;
/** Share of control bytes and broken UTF-8 above which content is treated as binary. */
const MAX_SUSPICIOUS_SHARE = 0.1;
/** Inputs from this length on are checked for a suspicious byte in one pass first (see looksBinary). */
const QUICK_MIN = 256;

function hasUtf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Tab, line feed, vertical tab, form feed, carriage return and escape occur in text; other C0 bytes do not. */
function isTextControl(byte: number): boolean {
  return (byte >= 0x09 && byte <= 0x0d) || byte === 0x1b;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the bytes there are not UTF-8. */
function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const lead = bytes[i]!;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0) return 0;
  // A sequence cut by the sniff window is not evidence of binary content.
  for (let k = 1; k < length; k++) if (i + k < end && (bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return length;
}

/** NUL in the first 8 KiB, or more than a tenth of it control bytes or broken UTF-8; a UTF-16 BOM means text. */
export function looksBinary(bytes: Uint8Array): boolean {
  if (hasUtf16Bom(bytes)) return false;
  const end = Math.min(bytes.length, SNIFF_BYTES);
  const limit = end * MAX_SUSPICIOUS_SHARE;
  // Nearly every file sniffed is text: valid UTF-8 (one native pass) with no byte the count below would take (one
  // pass of the sniff module). The byte loop alone cost 8% of a secret search over a dependency tree. Short inputs (the
  // heads of decoded base64 runs) are cheaper to count at once.
  if (end >= QUICK_MIN) {
    const head = end === bytes.length ? bytes : bytes.subarray(0, end);
    if (isUtf8(head) && hasSuspiciousByte(head) === false) return false;
  }
  return countSuspicious(bytes, end, limit) > limit;
}

interface SniffExports {
  memory: WasmMemory;
  suspicious(from: number, to: number): number;
}

let sniff: { exports: SniffExports; bytes: Uint8Array } | null | undefined;

/** Whether any byte of `head` (at most SNIFF_BYTES) is one countSuspicious counts outside UTF-8; undefined without WebAssembly. */
function hasSuspiciousByte(head: Uint8Array): boolean | undefined {
  if (sniff === undefined) {
    const module = compileWasm(BINARY_SNIFF_WASM);
    const exports = module && instantiateWasm<SniffExports>(module);
    sniff = exports ? { exports, bytes: new Uint8Array(exports.memory.buffer) } : null;
  }
  if (sniff === null) return undefined;
  sniff.bytes.set(head);
  return sniff.exports.suspicious(0, head.length) === 1;
}

/** Suspicious bytes and broken UTF-8 sequences in the first `end` bytes, counted until over `limit`; `end` on a NUL. */
function countSuspicious(bytes: Uint8Array, end: number, limit: number): number {
  let suspicious = 0;
  for (let i = 0; i < end && suspicious <= limit; i++) {
    const byte = bytes[i]!;
    if (byte === 0) return end;
    if (byte < 0x20) {
      if (!isTextControl(byte)) suspicious++;
    } else if (byte === 0x7f) {
      suspicious++;
    } else if (byte >= 0x80) {
      const length = utf8SequenceLength(bytes, i, end);
      if (length === 0) suspicious++;
      else i += length - 1;
    }
  }
  return suspicious;
}

/** UTF-8 (or UTF-16 with a BOM) to text; invalid sequences become U+FFFD instead of failing. */
export function decodeText(bytes: Uint8Array): string {
  const utf16 = hasUtf16Bom(bytes);
  if (utf16) return new TextDecoder(utf16, { fatal: false }).decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}
