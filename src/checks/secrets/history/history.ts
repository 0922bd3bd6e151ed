import type { SecretMatch } from '../types.js';
import { BlobScanner, secretKey, type BlobScanOptions } from './blob-scan.js';
import { assertRepository } from '../../../sources/git/git-command.js';
import type { CommitInfo } from '../../../sources/git/raw-diff.js';
import { headBlobs, historyChanges, historyRange } from '../../../sources/git/walk.js';
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
  /** HEAD's version of `path` still holds the same secret (same detector, same value). */
  presentAtHead: boolean;
}

export interface GitHistoryProgress {
  commits: number;
  blobsScanned: number;
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

const PROGRESS_EVERY = 100;

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
  await assertRepository(repoDir);
  const warnings = new WarningTally();
  const range = await historyRange(repoDir, options.since);
  if (!range) return { hits: [], warnings: [], stats: { commits: 0, blobsScanned: 0, blobsSkipped: 0 } };

  const blobs = new BlobScanner(repoDir, options, warnings);
  const history = new HistoryState(blobs);
  try {
    let commits = 0;
    let commit: CommitInfo | undefined;
    for await (const event of historyChanges(repoDir, range, warnings, options.signal)) {
      if (event.kind === 'commit') {
        commit = event.commit;
        commits++;
        if (commits % PROGRESS_EVERY === 0) options.onProgress?.(history.progress(commits));
      } else if (commit) {
        await history.record(event.blob.oid, event.blob.path, commit);
      }
    }
    options.signal?.throwIfAborted();
    await markPresentAtHead(repoDir, history, warnings, options.signal);
    options.signal?.throwIfAborted();
    options.onProgress?.(history.progress(commits));
    return { hits: history.hits, warnings: warnings.list(), stats: { commits, blobsScanned: blobs.scanned, blobsSkipped: blobs.skipped } };
  } finally {
    await blobs.close();
  }
}

/** What the walk has learnt: which blobs were read, which held secrets, which (secret, path) pairs were reported. */
class HistoryState {
  readonly hits: GitSecretHit[] = [];
  /** Binary object IDs as latin1 strings: a third less memory than hex for the same Set. */
  private readonly seen = new Set<string>();
  private readonly matchesByBlob = new Map<string, SecretMatch[]>();
  private readonly reported = new Set<string>();

  constructor(private readonly blobs: BlobScanner) {}

  progress(commits: number): GitHistoryProgress {
    return { commits, blobsScanned: this.blobs.scanned, hits: this.hits.length };
  }

  async record(oid: string, path: string, commit: CommitInfo): Promise<void> {
    const matches = await this.matchesOf(oid, path, `${path} (${commit.oid.slice(0, 12)})`);
    for (const match of matches) {
      const key = `${secretKey(match)}\0${path}`;
      if (this.reported.has(key)) continue;
      this.reported.add(key);
      this.hits.push({ match, commit: commit.oid, authorDate: commit.authorDate, author: commit.author, path, presentAtHead: false });
    }
  }

  /** The secrets in a blob; a blob already read is answered from memory, so only its first path reaches the scanner. */
  async matchesOf(oid: string, path: string, where: string): Promise<SecretMatch[]> {
    const key = Buffer.from(oid, 'hex').toString('latin1');
    if (this.seen.has(key)) return this.matchesByBlob.get(oid) ?? [];
    this.seen.add(key);
    const matches = await this.blobs.scanBlob(oid, path, where);
    if (matches.length > 0) this.matchesByBlob.set(oid, matches);
    return matches;
  }
}

/**
 * Sets `presentAtHead` by reading HEAD's tree: a hit is present when HEAD's blob at its path holds the same secret.
 * HEAD's blobs were almost all read during the walk and are answered from memory; the rest (older than `since`) are
 * scanned now, only for paths that have hits.
 */
async function markPresentAtHead(repoDir: string, history: HistoryState, warnings: WarningTally, signal: AbortSignal | undefined): Promise<void> {
  const hitsByPath = new Map<string, GitSecretHit[]>();
  for (const hit of history.hits) {
    const list = hitsByPath.get(hit.path);
    if (list) list.push(hit);
    else hitsByPath.set(hit.path, [hit]);
  }
  if (hitsByPath.size === 0) return;
  for await (const { oid, path } of headBlobs(repoDir, warnings, signal)) {
    const hits = hitsByPath.get(path);
    if (!hits) continue;
    const keys = new Set((await history.matchesOf(oid, path, `${path} (HEAD)`)).map(secretKey));
    for (const hit of hits) hit.presentAtHead = keys.has(secretKey(hit.match));
  }
}
