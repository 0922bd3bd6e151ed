import { isUtf8 } from 'node:buffer';

export const SNIFF_BYTES = 8192;
/** Share of control bytes and broken UTF-8 above which content is treated as binary. */
const MAX_SUSPICIOUS_SHARE = 0.1;
/** Inputs from this length on are checked a word at a time first (see looksBinary). */
const WORDWISE_MIN = 256;

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
  // Nearly every file sniffed is text: valid UTF-8 (one native pass) with no byte the count below would take. The byte
  // loop alone cost 8% of a secret search over a dependency tree; this takes about a third of it. Short inputs (the
  // heads of decoded base64 runs) are cheaper to count at once than to set views up for.
  if (end >= WORDWISE_MIN && isUtf8(end === bytes.length ? bytes : bytes.subarray(0, end)) && !hasSuspiciousByte(bytes, end)) return false;
  return countSuspicious(bytes, end, limit) > limit;
}

/** A byte `countSuspicious` counts outside UTF-8 sequences: NUL, a C0 control that text does not use, or DEL. */
function isSuspiciousByte(byte: number): boolean {
  return (byte < 0x20 && !isTextControl(byte)) || byte === 0x7f;
}

/**
 * Whether any of the first `end` bytes (at least WORDWISE_MIN) is suspicious, four at a time: a word with a byte below
 * 0x20 or equal to 0x7f (which the two bit tests flag, with an occasional false alarm but never a miss) has its bytes
 * looked at one by one.
 */
function hasSuspiciousByte(bytes: Uint8Array, end: number): boolean {
  // Words are read from the view's first 4-byte boundary (an Int32Array must start on one) to its last whole word.
  const head = (4 - (bytes.byteOffset & 3)) & 3;
  const count = (end - head) >> 2;
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + head, count);
  for (let w = 0; w < count; w++) {
    const word = words[w]!;
    const del = word ^ 0x7f7f7f7f;
    if (((((word - 0x20202020) | 0) & ~word) | (((del - 0x01010101) | 0) & ~del)) & 0x80808080) {
      if (hasSuspiciousByteIn(bytes, head + w * 4, head + w * 4 + 4)) return true;
    }
  }
  return hasSuspiciousByteIn(bytes, 0, head) || hasSuspiciousByteIn(bytes, head + count * 4, end);
}

function hasSuspiciousByteIn(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (isSuspiciousByte(bytes[i]!)) return true;
  return false;
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
