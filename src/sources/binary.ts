export const SNIFF_BYTES = 8192;
/** Share of control bytes and broken UTF-8 above which content is treated as binary. */
const MAX_SUSPICIOUS_SHARE = 0.1;

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
  let suspicious = 0;
  for (let i = 0; i < end; i++) {
    const byte = bytes[i]!;
    if (byte === 0) return true;
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
  return suspicious > end * MAX_SUSPICIOUS_SHARE;
}

/** UTF-8 (or UTF-16 with a BOM) to text; invalid sequences become U+FFFD instead of failing. */
export function decodeText(bytes: Uint8Array): string {
  const utf16 = hasUtf16Bom(bytes);
  if (utf16) return new TextDecoder(utf16, { fatal: false }).decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}
