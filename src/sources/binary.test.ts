import { describe, expect, it } from 'vitest';
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
});

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
