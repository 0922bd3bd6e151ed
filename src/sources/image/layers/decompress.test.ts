import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tarLayer, zstdStored } from '../testing/oci-writer.js';
import { decompressLayer, DecompressionLimitError, sniffCompression } from './decompress.js';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function drain(bytes: Uint8Array, chunkSize = 7, limit = Infinity): Promise<Buffer> {
  const out: Uint8Array[] = [];
  for await (const chunk of decompressLayer(chunked(bytes, chunkSize), limit)) out.push(chunk);
  return Buffer.concat(out);
}

describe('decompressLayer', () => {
  const text = Buffer.from('layer content '.repeat(1000));

  it('sniffs gzip, zstd and plain tar from magic bytes', () => {
    expect(sniffCompression(gzipSync(text))).toBe('gzip');
    expect(sniffCompression(zstdStored(text))).toBe('zstd');
    expect(sniffCompression(text)).toBe('none');
    expect(sniffCompression(new Uint8Array([0x1f]))).toBe('none');
  });

  it('decompresses gzip, stored zstd and plain input fed in small chunks', async () => {
    expect((await drain(gzipSync(text))).equals(text)).toBe(true);
    expect((await drain(zstdStored(text))).equals(text)).toBe(true);
    expect((await drain(text)).equals(text)).toBe(true);
    expect((await drain(new Uint8Array(0))).length).toBe(0);
  });

  it('decodes real zstd compressed blocks streamed a few bytes at a time', async () => {
    const fixture = readFileSync(new URL('./testdata/layer.tar.zst', import.meta.url));
    const tar = await drain(fixture, 5);
    const expected = await tarLayer([
      { path: 'etc/zstd.txt', content: 'a zstd-compressed layer, decoded block by block\n'.repeat(400) },
      { path: 'etc/small.txt', content: 'small\n' },
    ]);
    expect(tar.equals(expected)).toBe(true);
  });

  it('fails on truncated gzip and zstd', async () => {
    const gz = gzipSync(text);
    await expect(drain(gz.subarray(0, gz.length - 20))).rejects.toThrow(/unexpected end of file/);
    const zst = zstdStored(text);
    await expect(drain(zst.subarray(0, zst.length - 20))).rejects.toThrow();
  });

  it('stops a decompression bomb soon after the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    const started = Date.now();
    await expect(drain(bomb, 64 * 1024, 1024 * 1024)).rejects.toThrow(DecompressionLimitError);
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(drain(zstdStored(Buffer.alloc(4 * 1024 * 1024)), 8 * 1024 * 1024, 1024 * 1024)).rejects.toThrow(/decompression bomb/);
  });
});
