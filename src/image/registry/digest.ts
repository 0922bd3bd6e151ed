import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { RegistryError } from './errors.js';
import { asStreamError } from './fetcher.js';

/** Digests are validated as sha256/sha512 before reaching here, so the algorithm is always one Node has. */
function hasherFor(digest: string): { update(data: Buffer): void; finish(): string } {
  const algorithm = digest.slice(0, digest.indexOf(':'));
  const hash = createHash(algorithm);
  return { update: (data) => hash.update(data), finish: () => `${algorithm}:${hash.digest('hex')}` };
}

export function sha256Digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function verifyDigest(data: Buffer, expected: string, what: string): void {
  const hasher = hasherFor(expected);
  hasher.update(data);
  const actual = hasher.finish();
  if (actual !== expected) throw mismatch(what, expected, actual);
}

function mismatch(what: string, expected: string, actual: string): RegistryError {
  return new RegistryError('digest-mismatch', `digest mismatch for ${what}: expected ${expected}, got ${actual}`);
}

/**
 * The response body, hashed on the way through; the stream fails at its end when the content is not what the digest
 * names, and as soon as it grows past the declared size.
 */
export function verifiedBlobStream(response: IncomingMessage, expected: string, size: number | undefined, what: string): Readable {
  const hasher = hasherFor(expected);
  let received = 0;
  const output = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (size !== undefined && received > size) {
        callback(new RegistryError('digest-mismatch', `${what} is larger than the ${size} bytes its descriptor declares`));
        return;
      }
      hasher.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      const actual = hasher.finish();
      callback(actual === expected ? null : mismatch(what, expected, actual));
    },
  });
  response.once('error', (error) => output.destroy(asStreamError(error, what)));
  output.once('close', () => {
    if (!response.complete) response.destroy();
  });
  response.pipe(output);
  return output;
}
