import type { Readable } from 'node:stream';
import { digestVerifier } from '../integrity.js';

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

/** Digests name files inside the archive, so anything but `<algorithm>:<hex>` could be a path-traversal attempt. */
export function checkDigest(digest: unknown, what: string): string {
  if (typeof digest !== 'string' || !DIGEST.test(digest)) {
    throw new ArchiveError(`${what}: invalid digest ${JSON.stringify(digest)?.slice(0, 100)}`);
  }
  return digest;
}

export function blobPath(digest: string): string {
  const [algorithm, hex] = checkDigest(digest, 'blob').split(':');
  return `blobs/${algorithm}/${hex}`;
}

/** A blob read through this fails at its end unless the bytes hash to `digest` (and number `size`, when known). */
export function verifyBlob(stream: Readable, digest: string, size?: number): Readable {
  const verifier = digestVerifier(digest, size, `blob ${digest}`);
  stream.on('error', (err) => verifier.destroy(err));
  verifier.on('close', () => stream.destroy());
  return stream.pipe(verifier);
}

export async function readLimited(stream: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of stream) {
      length += (chunk as Buffer).length;
      if (length > limit) throw new ArchiveError(`${what}: larger than the ${limit}-byte limit`);
      chunks.push(chunk as Buffer);
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, length);
}

export function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ArchiveError(`${what}: not valid JSON (${(err as Error).message})`);
  }
}

export function parseJsonObject(bytes: Buffer, what: string): Record<string, unknown> {
  const value = parseJson(bytes, what);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ArchiveError(`${what}: expected a JSON object`);
  return value as Record<string, unknown>;
}
