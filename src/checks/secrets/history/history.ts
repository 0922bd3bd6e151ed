import type { SecretMatch } from '../types.js';
import { BlobScanner, secretKey, type BlobScanOptions } from './blob-scan.js';
import { assertRepository, GitRepositoryError, isShallow, resolveCommit, resolveHead, spawnGit } from '../../../sources/git/git-command.js';
import { MAX_GIT_FIELD_BYTES, nulFields } from '../../../sources/git/nul-tokens.js';
import { COMMIT_FORMAT, parseRawDiff, type CommitInfo } from '../../../sources/git/raw-diff.js';
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
  const head = await resolveHead(repoDir);
  const range = await revisionRange(repoDir, options.since, head);
  if (!head || !range) return { hits: [], warnings: [], stats: { commits: 0, blobsScanned: 0, blobsSkipped: 0 } };

  const blobs = new BlobScanner(repoDir, options, warnings);
  const history = new HistoryState(blobs);
  try {
    const commits = await walkHistory(repoDir, range, history, warnings, options);
    options.signal?.throwIfAborted();
    if (await isShallow(repoDir)) {
      warnings.add('shallow', `shallow clone: history truncated at ${commits} commits; older commits were not scanned and the oldest one scanned is credited with every file it contains`);
    }
    await markPresentAtHead(repoDir, history, warnings, options.signal);
    options.signal?.throwIfAborted();
    options.onProgress?.(history.progress(commits));
    return { hits: history.hits, warnings: warnings.list(), stats: { commits, blobsScanned: blobs.scanned, blobsSkipped: blobs.skipped } };
  } finally {
    await blobs.close();
  }
}

/** `HEAD` or `<since>..HEAD`; undefined when there is nothing to scan (unborn HEAD). */
async function revisionRange(repoDir: string, since: string | undefined, head: string | undefined): Promise<string | undefined> {
  if (since === undefined) return head;
  const base = await resolveCommit(repoDir, since);
  if (!base) throw new GitRepositoryError(`unknown revision "${since}": it names no commit in ${repoDir}`);
  return head && `${base}..${head}`;
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

async function walkHistory(
  repoDir: string,
  range: string,
  history: HistoryState,
  warnings: WarningTally,
  options: GitHistoryOptions,
): Promise<number> {
  const args = [
    'log', range, '--reverse', '--topo-order', '--raw', '-z', '--no-abbrev', '--no-renames', '--root',
    // Merges are diffed against their first parent: what a merge brings in was already read from the branch's own
    // commits (and is skipped as a seen blob), while conflict resolutions and evil merges are still read.
    '--diff-merges=first-parent', '--no-color', '--no-ext-diff', '--no-textconv', COMMIT_FORMAT, '--',
  ];
  const { child, exited } = spawnGit(repoDir, args, { stdin: false, signal: options.signal });
  let commits = 0;
  let commit: CommitInfo | undefined;
  let parseError: Error | undefined;
  try {
    for await (const event of parseRawDiff(nulFields(child.stdout, MAX_GIT_FIELD_BYTES))) {
      if (event.kind === 'commit') {
        commit = event.commit;
        commits++;
        if (commits % PROGRESS_EVERY === 0) options.onProgress?.(history.progress(commits));
      } else if (commit) {
        await history.record(event.blob.oid, event.blob.path, commit);
      }
    }
  } catch (error) {
    parseError = error as Error;
    child.kill();
  }
  const { code, stderr } = await exited;
  options.signal?.throwIfAborted();
  // A corrupt commit or tree makes git log exit early, which also truncates its output: report the cause, not both.
  if (code !== 0 && code !== null) {
    warnings.add('history-incomplete', `git log failed after ${commits} commits, later history not scanned: ${stderr || `exit code ${code}`}`);
  } else if (parseError) {
    warnings.add('history-incomplete', `history walk stopped after ${commits} commits: ${parseError.message}`);
  }
  return commits;
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
  const { child, exited } = spawnGit(repoDir, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD'], { stdin: false, signal });
  let failure: string | undefined;
  try {
    for await (const field of nulFields(child.stdout, MAX_GIT_FIELD_BYTES)) {
      // `<mode> SP <type> SP <oid> TAB <path>`
      const text = field.toString('utf8');
      const tab = text.indexOf('\t');
      const [, type, oid] = text.slice(0, tab).split(' ');
      const hits = tab === -1 ? undefined : hitsByPath.get(text.slice(tab + 1));
      if (!hits || type !== 'blob' || !oid) continue;
      const keys = new Set((await history.matchesOf(oid, hits[0]!.path, `${hits[0]!.path} (HEAD)`)).map(secretKey));
      for (const hit of hits) hit.presentAtHead = keys.has(secretKey(hit.match));
    }
  } catch (error) {
    failure = (error as Error).message;
    child.kill();
  }
  const { code, stderr } = await exited;
  signal?.throwIfAborted();
  if (failure !== undefined || (code !== 0 && code !== null)) {
    warnings.add('history-incomplete', `could not read HEAD's tree, presentAtHead may be false for secrets still present: ${failure ?? stderr}`);
  }
}
