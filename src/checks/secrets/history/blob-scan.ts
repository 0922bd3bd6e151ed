import { DEFAULT_MAX_FILE_BYTES } from '../../../sources/directory/read-input.js';
import { formatBytes } from '../../../core/bytes.js';
import { decodeText, looksBinary, secretHash } from '../search/index.js';
import type { SecretMatch } from '../types.js';
import { CatFileBatch } from '../../../sources/git/cat-file.js';
import type { WarningTally } from '../../../sources/git/warnings.js';

/** Scans decoded text; `path` lets detectors and allow-lists depend on the file name. */
export type ScanFunction = (text: string, path: string) => SecretMatch[];

/** Identity of a secret for deduplication: the detector and a hash of the value, never the value itself. */
export function secretKey(match: SecretMatch): string {
  return `${match.detector.id}\0${secretHash(match.secret)}`;
}

export interface BlobScanOptions {
  scan: ScanFunction;
  /** Blobs larger than this are neither read into memory nor scanned (default 10 MiB, the file limit of `scan`). */
  maxBlobBytes?: number;
  signal?: AbortSignal;
}

/**
 * Reads blobs through one cat-file process, decodes them as text and scans them; every reason not to scan becomes a
 * warning. Call `close()` when done.
 */
export class BlobScanner {
  scanned = 0;
  skipped = 0;
  private readonly reader: CatFileBatch;
  private readonly scan: ScanFunction;
  private readonly maxBytes: number;

  constructor(repoDir: string, options: BlobScanOptions, private readonly warnings: WarningTally) {
    this.maxBytes = options.maxBlobBytes ?? DEFAULT_MAX_FILE_BYTES;
    if (!(this.maxBytes >= 0) || !Number.isSafeInteger(this.maxBytes)) throw new RangeError(`maxBlobBytes must be a whole number of bytes, got ${options.maxBlobBytes}`);
    this.scan = options.scan;
    this.reader = new CatFileBatch(repoDir, this.maxBytes, options.signal);
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  async scanBlob(oid: string, path: string, where: string): Promise<SecretMatch[]> {
    const text = await this.readText(oid, where);
    if (text === undefined) {
      this.skipped++;
      return [];
    }
    this.scanned++;
    try {
      return this.scan(text, path);
    } catch (error) {
      this.warnings.add('scan-failed', `secret scan failed: ${(error as Error).message}`, where);
      return [];
    }
  }

  private async readText(oid: string, where: string): Promise<string | undefined> {
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
