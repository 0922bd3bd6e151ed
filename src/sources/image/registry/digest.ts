import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { digestVerifier } from '../integrity.js';
import { asStreamError } from './fetcher.js';

export function sha256Digest(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/**
 * The response body, hashed on the way through; the stream fails at its end when the content is not what the digest
 * names, and as soon as it grows past the declared size.
 */
export function verifiedBlobStream(response: IncomingMessage, expected: string, size: number | undefined, what: string): Readable {
  const output = digestVerifier(expected, size, what);
  response.once('error', (error) => output.destroy(asStreamError(error, what)));
  output.once('close', () => {
    if (!response.complete) response.destroy();
  });
  response.pipe(output);
  return output;
}
