import { DEFAULT_MAX_FILE_BYTES } from '../directory/read-input.js';
import { formatBytes } from '../../core/bytes.js';
import { decodeText, looksBinary } from '../binary.js';
import { CatFileBatch } from './cat-file.js';
import type { WarningTally } from './warnings.js';

/**
 * Reads blobs through one cat-file process and decodes them as text; every reason a blob yields no text (missing,
 * oversized, binary, not a blob) becomes a counted warning. Call `close()` when done.
 */
export class BlobTextReader {
  readonly maxBytes: number;
  private readonly reader: CatFileBatch;

  /** Blobs larger than `maxBlobBytes` are never read into memory (default 10 MiB, the file limit of `scan`). */
  constructor(repoDir: string, maxBlobBytes: number | undefined, private readonly warnings: WarningTally, signal?: AbortSignal) {
    this.maxBytes = maxBlobBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (!(this.maxBytes >= 0) || !Number.isSafeInteger(this.maxBytes)) throw new RangeError(`maxBlobBytes must be a whole number of bytes, got ${maxBlobBytes}`);
    this.reader = new CatFileBatch(repoDir, this.maxBytes, signal);
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  /** The blob's text, or undefined (with a warning at `where`) when it has none to give. */
  async read(oid: string, where: string): Promise<string | undefined> {
    let read;
    try {
      read = await this.reader.read(oid);
    } catch (error) {
      this.warnings.add('unreadable-object', `blob could not be read, not scanned: ${(error as Error).message}`, where);
      return undefined;
    }
    switch (read.status) {
      case 'missing':
        this.warnings.add('missing-object', 'blob missing from the object store (corrupt repository or partial clone), not scanned', where);
        return undefined;
      case 'too-large':
        this.warnings.add('too-large', `blob over the ${formatBytes(this.maxBytes)} limit, not scanned`, where);
        return undefined;
      case 'not-blob':
        this.warnings.add('unreadable-object', `object is a ${read.type}, not a blob; not scanned`, where);
        return undefined;
      case 'ok':
        if (!looksBinary(read.content)) return decodeText(read.content);
        this.warnings.add('binary', 'binary content, not scanned', where);
        return undefined;
    }
  }
}
