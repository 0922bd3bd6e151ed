import { afterEach, describe, expect, it } from 'vitest';
import { importWithoutWebAssembly, restoreWebAssembly } from '../core/testing/without-webassembly.js';
import { decodeText, looksBinary } from './binary.js';

describe('looksBinary', () => {
  it('treats text, UTF-8 and UTF-16 with a BOM as text', () => {
    expect(looksBinary(Buffer.from('apiVersion: v1\r\nkind: Secret\t# ünïcödé 😀\n'))).toBe(false);
    expect(looksBinary(Buffer.from('\ufeffkey: value', 'utf16le'))).toBe(false);
    expect(looksBinary(Buffer.from([0xfe, 0xff, 0x00, 0x41]))).toBe(false);
    expect(looksBinary(new Uint8Array())).toBe(false);
  });

  it('flags NUL bytes and mostly broken UTF-8', () => {
    expect(looksBinary(Buffer.from('ELF\0\0\0'))).toBe(true);
    expect(looksBinary(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x9f, 0xc7, 0x05, 0x81]))).toBe(true);
    expect(looksBinary(Buffer.from('a'.repeat(9000) + '\0'))).toBe(false);
  });

  it('does not count a UTF-8 sequence cut by the sniff window', () => {
    expect(looksBinary(Buffer.from('a'.repeat(8191) + 'é'))).toBe(false);
  });

  it('finds a suspicious byte wherever it sits, at any alignment of the view', () => {
    const text = Buffer.from('line one\tand\r\nline two \x1b[0m ünï\n'.repeat(20));
    for (let offset = 0; offset < 4; offset++) {
      for (const at of [0, 1, 2, 3, 77, 78, 79, text.length - offset - 1]) {
        for (const byte of [0x01, 0x08, 0x0e, 0x1a, 0x1f, 0x7f]) {
          // One suspicious byte in a text is under the share, so the answer changes only when NUL is there.
          const bytes = Buffer.from(text).subarray(offset);
          bytes[at] = byte;
          expect(looksBinary(bytes)).toBe(false);
          bytes[at] = 0;
          expect(looksBinary(bytes), `NUL at ${at}, view offset ${offset}`).toBe(true);
        }
      }
    }
  });

  it('finds a NUL at every position of a clean head, in the sixteen-byte steps and the bytes after the last', () => {
    const text = Buffer.from('line one\tand\r\nline two \x1b[0m ünï\n'.repeat(9).slice(0, 299));
    for (let offset = 0; offset < 4; offset++) {
      const clean = Buffer.from(text).subarray(offset);
      expect(looksBinary(clean)).toBe(false);
      for (let at = 0; at < clean.length; at++) {
        const bytes = Buffer.from(clean);
        bytes[at] = 0;
        expect(looksBinary(bytes), `NUL at ${at}, view offset ${offset}`).toBe(true);
      }
    }
  });

  it('agrees with a byte-by-byte count on texts of control bytes, DEL and broken UTF-8', () => {
    for (const [round, view] of sniffSamples().entries()) expect(looksBinary(view), `round ${round}`).toBe(referenceLooksBinary(view));
  });
});

describe('looksBinary without WebAssembly', () => {
  afterEach(restoreWebAssembly);

  it('counts every head, with the same verdicts', async () => {
    const fresh = await importWithoutWebAssembly(() => import('./binary.js'));
    for (const [round, view] of sniffSamples().entries()) expect(fresh.looksBinary(view), `round ${round}`).toBe(referenceLooksBinary(view));
    expect(fresh.looksBinary(Buffer.from('a'.repeat(300) + '\0'))).toBe(true);
  });
});

/** Deterministic pseudo-random texts around the 10% share, with every kind of byte the count weighs, at any alignment. */
function sniffSamples(): Uint8Array[] {
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const alphabet = [0x41, 0x7a, 0x20, 0x0a, 0x09, 0x0d, 0x1b, 0x7f, 0x01, 0x1f, 0xc3, 0xa9, 0xff];
  return Array.from({ length: 300 }, () => {
    const share = next() * 0.25;
    const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(next() * 600) }, () => (next() < share ? alphabet[7 + Math.floor(next() * 6)]! : alphabet[Math.floor(next() * 7)]!)));
    return bytes.subarray(Math.floor(next() * 4));
  });
}

/** The rule as documented, one byte at a time: NUL, or over a tenth suspicious (C0 but text controls, DEL, broken UTF-8). */
function referenceLooksBinary(bytes: Uint8Array): boolean {
  const text = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]);
  let suspicious = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0) return true;
    if ((byte < 0x20 && !text.has(byte)) || byte === 0x7f) suspicious++;
    else if (byte >= 0x80) {
      const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
      const valid = length > 0 && Array.from({ length: length - 1 }, (_, k) => i + 1 + k).every((j) => j >= bytes.length || (bytes[j]! & 0xc0) === 0x80);
      if (valid) i += length - 1;
      else suspicious++;
    }
  }
  return suspicious > bytes.length * 0.1;
}

describe('decodeText', () => {
  it('replaces invalid UTF-8 instead of failing', () => {
    expect(decodeText(Buffer.from([0x61, 0xc3, 0x28, 0xff, 0x62]))).toBe('a\ufffd(\ufffdb');
    expect(decodeText(Buffer.from([0xf0, 0x9f]))).toBe('\ufffd');
  });

  it('honours BOMs', () => {
    expect(decodeText(Buffer.from('\ufeffhi', 'utf8'))).toBe('hi');
    expect(decodeText(Buffer.from('\ufeffhi', 'utf16le'))).toBe('hi');
    expect(decodeText(Buffer.from([0xfe, 0xff, 0x00, 0x68, 0x00, 0x69]))).toBe('hi');
  });
});
