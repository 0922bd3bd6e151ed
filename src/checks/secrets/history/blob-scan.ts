import { secretHash } from '../search/index.js';
import type { SecretMatch } from '../types.js';
import { blobPlace, type Blob } from '../../../sources/source.js';
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

/** Reads a blob's text and scans it, counting what it read; a scan that throws becomes a warning. */
export class BlobScanner {
  scanned = 0;
  skipped = 0;
  /** Characters of text read (what a progress line shows as bytes: blobs are almost all ASCII). */
  bytes = 0;

  constructor(
    private readonly scan: ScanFunction,
    private readonly warnings: WarningTally,
  ) {}

  async matches(blob: Blob): Promise<SecretMatch[]> {
    const text = await blob.text();
    if (text === undefined) {
      this.skipped++;
      return [];
    }
    this.scanned++;
    this.bytes += text.length;
    try {
      return this.scan(text, blob.path);
    } catch (error) {
      this.warnings.add('scan-failed', `secret scan failed: ${(error as Error).message}`, blobPlace(blob.path, blob.origin));
      return [];
    }
  }
}
