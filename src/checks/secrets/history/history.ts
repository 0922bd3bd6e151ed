import type { SecretMatch } from '../types.js';
import { BlobScanner, secretKey, type BlobScanOptions } from './blob-scan.js';
import type { Blob } from '../../../sources/source.js';
import { historyBlobs } from '../../../sources/git/source.js';
import { WarningTally, type GitScanWarning } from '../../../sources/git/warnings.js';

export interface GitSecretHit {
  match: SecretMatch;
  /** The first commit (oldest first, parents before children) that put this secret at this path. */
  commit: string;
  /** Author date of that commit, strict ISO 8601 with the author's offset. */
  authorDate: string;
  /** Author name after .mailmap; never the email address. */
  author: string;
  path: string;
  /** `path` as the report names it. */
  file: string;
  /** HEAD's version of `path` still holds the same secret (same detector, same value). */
  presentAtHead: boolean;
}

export interface GitHistoryProgress {
  commits: number;
  blobsScanned: number;
  /** Text read from the scanned blobs, in characters. */
  bytes: number;
  hits: number;
}

export interface GitHistoryOptions extends BlobScanOptions {
  /** A revision: only commits in `since..HEAD` are scanned. */
  since?: string;
  /** Called every 100 commits and once at the end. */
  onProgress?: (progress: GitHistoryProgress) => void;
}

export interface GitHistoryScan {
  hits: GitSecretHit[];
  warnings: GitScanWarning[];
  stats: { commits: number; blobsScanned: number; blobsSkipped: number };
}

/**
 * Scans every blob that the commits reachable from HEAD added or modified, each distinct blob once.
 *
 * Whole blobs are scanned rather than added lines: a blob is read once however many commits keep it, and findings are
 * deduplicated by (detector, secret, path), so an edit next to an old secret does not report it again, while a secret
 * moved to a new path (rename, copy) is reported there too, from the commit that moved it. Memory is bounded by the
 * set of seen blob IDs (about 61 MB per million blobs as 20-byte keys), the findings, and one blob of at most
 * `maxBlobBytes`; git's output is streamed, never collected.
 */
export async function scanGitHistory(repoDir: string, options: GitHistoryOptions): Promise<GitHistoryScan> {
  const warnings = new WarningTally();
  const scanner = new BlobScanner(options.scan, warnings);
  const history = new HistorySecrets(scanner);
  let commits = 0;
  for await (const entry of historyBlobs(repoDir, options, warnings)) {
    if (entry.type === 'blob') {
      await history.add(entry.blob);
    } else {
      commits = entry.commits;
      options.onProgress?.(history.progress(commits));
    }
  }
  return { hits: history.hits, warnings: warnings.list(), stats: { commits, blobsScanned: scanner.scanned, blobsSkipped: scanner.skipped } };
}

/**
 * The judgement of a history walk's blobs (see historyBlobs for their order): which blobs were read, which held
 * secrets, which (secret, path) pairs were reported and by which commit first, and, from HEAD's blobs, which of them
 * are still present.
 */
export class HistorySecrets {
  readonly hits: GitSecretHit[] = [];
  /** Binary object IDs as latin1 strings: a third less memory than hex for the same Set. */
  private readonly seen = new Set<string>();
  private readonly matchesByBlob = new Map<string, SecretMatch[]>();
  private readonly reported = new Set<string>();
  /** The hits by path, once HEAD's blobs come (the walk's hits are all known then). */
  private hitsByPath: Map<string, GitSecretHit[]> | undefined;

  constructor(private readonly scanner: BlobScanner) {}

  progress(commits: number): GitHistoryProgress {
    return { commits, blobsScanned: this.scanner.scanned, bytes: this.scanner.bytes, hits: this.hits.length };
  }

  async add(blob: Blob): Promise<void> {
    const { origin } = blob;
    if (origin.kind === 'commit') {
      for (const match of await this.matchesOf(blob)) {
        const key = `${secretKey(match)}\0${blob.path}`;
        if (this.reported.has(key)) continue;
        this.reported.add(key);
        const { oid, authorDate, author } = origin.commit;
        this.hits.push({ match, commit: oid, authorDate, author, path: blob.path, file: blob.file, presentAtHead: false });
      }
    } else if (origin.kind === 'head') {
      await this.markPresentAtHead(blob);
    }
  }

  /**
   * A hit is present when HEAD's blob at its path holds the same secret. HEAD's blobs were almost all read during the
   * walk and are answered from memory; the rest (older than `since`) are read now, only for paths that have hits.
   */
  private async markPresentAtHead(blob: Blob): Promise<void> {
    this.hitsByPath ??= byPath(this.hits);
    const hits = this.hitsByPath.get(blob.path);
    if (!hits) return;
    const keys = new Set((await this.matchesOf(blob)).map(secretKey));
    for (const hit of hits) hit.presentAtHead = keys.has(secretKey(hit.match));
  }

  /** The secrets in a blob; a blob already read is answered from memory, so only its first path reaches the scanner. */
  private async matchesOf(blob: Blob): Promise<SecretMatch[]> {
    const oid = blob.id;
    if (oid === undefined) return this.scanner.matches(blob);
    const key = Buffer.from(oid, 'hex').toString('latin1');
    if (this.seen.has(key)) return this.matchesByBlob.get(oid) ?? [];
    this.seen.add(key);
    const matches = await this.scanner.matches(blob);
    if (matches.length > 0) this.matchesByBlob.set(oid, matches);
    return matches;
  }
}

function byPath(hits: readonly GitSecretHit[]): Map<string, GitSecretHit[]> {
  const grouped = new Map<string, GitSecretHit[]>();
  for (const hit of hits) {
    const list = grouped.get(hit.path);
    if (list) list.push(hit);
    else grouped.set(hit.path, [hit]);
  }
  return grouped;
}
