import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';

export type LayerCompression = 'gzip' | 'zstd' | 'none';

/** Media types lie (gzip blobs labelled as plain tar and the reverse are seen in the wild), so the bytes decide. */
export function sniffCompression(head: Uint8Array): LayerCompression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

export class DecompressionLimitError extends Error {
  override name = 'DecompressionLimitError';
}

/** Counts output bytes and stops as soon as the limit is passed, before the next chunk is even produced. */
class Budget {
  private used = 0;
  constructor(private readonly limit: number) {}

  take(chunk: Uint8Array): Uint8Array {
    this.used += chunk.length;
    if (this.used > this.limit) {
      throw new DecompressionLimitError(`decompressed size exceeds the limit of ${this.limit} bytes (decompression bomb?)`);
    }
    return chunk;
  }
}

async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  // 16 KiB default chunks mean tens of thousands of async hops through the walker per image; 256 KiB cuts that 16-fold.
  const inflater = createGunzip({ chunkSize: 256 * 1024 });
  const input = Readable.from(source, { objectMode: false });
  // pipeline destroys every stream on failure, so an input error surfaces from the loop below; the callback only
  // swallows the premature-close that an early return from the consumer causes.
  pipeline(input, inflater, () => undefined);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } finally {
    inflater.destroy();
    input.destroy();
  }
}

async function* unzstd(source: AsyncIterable<Uint8Array>, budget: Budget): AsyncGenerator<Uint8Array> {
  let pending: Uint8Array[] = [];
  // fzstd calls back synchronously from push(); counting there stops a bomb inside a single large input chunk.
  const decoder = new Decompress((chunk) => {
    if (chunk.length > 0) pending.push(budget.take(chunk));
  });
  for await (const chunk of source) {
    decoder.push(chunk);
    const ready = pending;
    pending = [];
    yield* ready;
  }
  decoder.push(new Uint8Array(0), true);
  yield* pending;
}

async function* withHead(head: Uint8Array, rest: AsyncIterator<Uint8Array>, ended: boolean): AsyncGenerator<Uint8Array> {
  try {
    if (head.length > 0) yield head;
    if (ended) return;
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await rest.return?.();
  }
}

/**
 * The uncompressed tar stream of a layer blob, detected from its magic bytes. Throws DecompressionLimitError once
 * more than `maxBytes` come out, so a small bomb is stopped after about `maxBytes` of work.
 */
export async function* decompressLayer(blob: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  const iterator = blob[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let length = 0;
  let ended = false;
  while (length < 4) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    parts.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(parts);
  const source = withHead(head, iterator, ended);
  const budget = new Budget(maxBytes);
  switch (sniffCompression(head)) {
    case 'gzip':
      for await (const chunk of gunzip(source)) yield budget.take(chunk);
      return;
    case 'zstd':
      yield* unzstd(source, budget);
      return;
    case 'none':
      for await (const chunk of source) yield budget.take(chunk);
  }
}
