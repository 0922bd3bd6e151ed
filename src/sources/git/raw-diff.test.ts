import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GitOutputError, nulFields } from './nul-tokens.js';
import { parseRawDiff, type RawEvent } from './raw-diff.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(40);
const ZERO = '0'.repeat(40);

async function parse(text: string | Buffer, chunkSize = 7): Promise<RawEvent[]> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const events: RawEvent[] = [];
  for await (const event of parseRawDiff(nulFields(Readable.from(chunks), 1024))) events.push(event);
  return events;
}

describe('parseRawDiff', () => {
  it('reads commits and the blobs they add, however the stream is chunked', async () => {
    const log =
      `${A}\x002024-01-02T03:04:05+01:00\x00Zoë\x1b[31m\x00\n:000000 100644 ${ZERO} ${B} A\x00src/${C}\x00` +
      `:100644 100644 ${B} ${C} M\x00b.txt\x00:100644 000000 ${B} ${ZERO} D\x00gone.txt\x00` +
      `:000000 160000 ${ZERO} ${C} A\x00vendor/sub\x00:100644 100644 ${B} ${C} R087\x00old.txt\x00new.txt\x00` +
      `${B}\x002024-01-03T00:00:00Z\x00Empty\x00`;
    for (const chunkSize of [1, 7, 4096]) {
      expect(await parse(log, chunkSize)).toEqual([
        { kind: 'commit', commit: { oid: A, authorDate: '2024-01-02T03:04:05+01:00', author: 'Zoë[31m' } },
        { kind: 'blob', blob: { oid: B, path: `src/${C}` } },
        { kind: 'blob', blob: { oid: C, path: 'b.txt' } },
        { kind: 'blob', blob: { oid: C, path: 'new.txt' } },
        { kind: 'commit', commit: { oid: B, authorDate: '2024-01-03T00:00:00Z', author: 'Empty' } },
      ]);
    }
  });

  it('reads index diffs, which have no commit headers', async () => {
    expect(await parse(`:000000 100644 ${ZERO} ${A} A\x00a b\nc.txt\x00`)).toEqual([{ kind: 'blob', blob: { oid: A, path: 'a b\nc.txt' } }]);
  });

  it('rejects malformed output', async () => {
    await expect(parse('garbage\x00')).rejects.toBeInstanceOf(GitOutputError);
    await expect(parse(`:100644 ${A} A\x00x\x00`)).rejects.toThrow(/malformed raw diff entry/);
    await expect(parse(`:000000 100644 ${ZERO} not-an-oid A\x00x\x00`)).rejects.toThrow(/malformed/);
    await expect(parse(`${A}\x002024-01-01T00:00:00Z\x00`)).rejects.toThrow(/ended in the middle/);
    await expect(parse(`:000000 100644 ${ZERO} ${A} A\x00`)).rejects.toThrow(/ended in the middle/);
  });
});

describe('nulFields', () => {
  it('refuses a field longer than the limit instead of buffering it', async () => {
    await expect(parse(`:${'x'.repeat(5000)}`)).rejects.toThrow(/field over 1024 bytes/);
  });

  it('yields a last field without terminator', async () => {
    const fields: string[] = [];
    for await (const field of nulFields(Readable.from([Buffer.from('a\0b'), Buffer.from('c')]), 10)) fields.push(field.toString());
    expect(fields).toEqual(['a', 'bc']);
  });
});
