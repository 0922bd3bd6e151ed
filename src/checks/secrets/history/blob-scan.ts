import { secretHash } from '../search/index.js';
import type { SecretMatch } from '../types.js';
import { BlobTextReader } from '../../../sources/git/blob-text.js';
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

/** Reads blobs as text (the source's reader) and scans them; a scan that throws becomes a warning. Call `close()` when done. */
export class BlobScanner {
  scanned = 0;
  skipped = 0;
  private readonly reader: BlobTextReader;
  private readonly scan: ScanFunction;

  constructor(repoDir: string, options: BlobScanOptions, private readonly warnings: WarningTally) {
    this.scan = options.scan;
    this.reader = new BlobTextReader(repoDir, options.maxBlobBytes, warnings, options.signal);
  }

  close(): Promise<void> {
    return this.reader.close();
  }

  async scanBlob(oid: string, path: string, where: string): Promise<SecretMatch[]> {
    const text = await this.reader.read(oid, where);
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
}
