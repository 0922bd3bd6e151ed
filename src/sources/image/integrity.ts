import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';

/**
 * The image's bytes are not the ones its manifest names: a blob whose digest or size does not match, or one that is
 * missing. Nothing read from such an image may be reported, so this always fails the whole image.
 */
export class ImageIntegrityError extends Error {
  override name = 'ImageIntegrityError';
}

/** Digests are validated as sha256/sha512 before reaching here, so the algorithm is always one Node has. */
function hasherFor(digest: string): { update(data: Uint8Array): void; finish(): string } {
  const algorithm = digest.slice(0, digest.indexOf(':'));
  const hash = createHash(algorithm);
  return { update: (data) => hash.update(data), finish: () => `${algorithm}:${hash.digest('hex')}` };
}

function mismatch(what: string, expected: string, actual: string): ImageIntegrityError {
  return new ImageIntegrityError(`digest mismatch for ${what}: expected ${expected}, got ${actual}`);
}

export function verifyDigest(data: Uint8Array, expected: string, what: string): void {
  const hasher = hasherFor(expected);
  hasher.update(data);
  const actual = hasher.finish();
  if (actual !== expected) throw mismatch(what, expected, actual);
}

/**
 * A pass-through that hashes what goes through it: it fails as soon as more than `size` bytes arrive, and at the end
 * unless the content is exactly `size` bytes (when known) hashing to `expected`.
 */
export function digestVerifier(expected: string, size: number | undefined, what: string): Transform {
  const hasher = hasherFor(expected);
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (size !== undefined && received > size) {
        callback(new ImageIntegrityError(`${what} is larger than the ${size} bytes its descriptor declares`));
        return;
      }
      hasher.update(chunk);
      callback(null, chunk);
    },
    flush(callback) {
      if (size !== undefined && received !== size) {
        callback(new ImageIntegrityError(`${what} is ${received} bytes, but its descriptor declares ${size}`));
        return;
      }
      const actual = hasher.finish();
      callback(actual === expected ? null : mismatch(what, expected, actual));
    },
  });
}
