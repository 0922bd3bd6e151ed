import { GitRepositoryError, isShallow, resolveCommit, resolveHead, spawnGit, type GitChild } from './git-command.js';
import { MAX_GIT_FIELD_BYTES, nulFields } from './nul-tokens.js';
import { COMMIT_FORMAT, parseRawDiff, type AddedBlob, type RawEvent } from './raw-diff.js';
import type { WarningTally } from './warnings.js';

/** `HEAD` or `<since>..HEAD`; undefined when there is nothing to walk (unborn HEAD). */
export async function historyRange(repoDir: string, since: string | undefined): Promise<string | undefined> {
  const head = await resolveHead(repoDir);
  if (since === undefined) return head;
  const base = await resolveCommit(repoDir, since);
  if (!base) throw new GitRepositoryError(`unknown revision "${since}": it names no commit in ${repoDir}`);
  return head && `${base}..${head}`;
}

/**
 * The commits of `range`, oldest first (parents before children), each followed by the blobs it added or modified.
 * git's output is streamed, never collected. A walk cut short (corrupt object, unparsable output) ends the stream with
 * a `history-incomplete` warning; a shallow clone adds a `shallow` one.
 */
export async function* historyChanges(repoDir: string, range: string, warnings: WarningTally, signal?: AbortSignal): AsyncGenerator<RawEvent> {
  const args = [
    'log', range, '--reverse', '--topo-order', '--raw', '-z', '--no-abbrev', '--no-renames', '--root',
    // Merges are diffed against their first parent: what a merge brings in was already read from the branch's own
    // commits (and is skipped as a seen blob), while conflict resolutions and evil merges are still read.
    '--diff-merges=first-parent', '--no-color', '--no-ext-diff', '--no-textconv', COMMIT_FORMAT, '--',
  ];
  const { child, exited } = spawnGit(repoDir, args, { stdin: false, signal });
  let commits = 0;
  let parseError: Error | undefined;
  for await (const event of untilFailure(parseRawDiff(nulFields(child.stdout, MAX_GIT_FIELD_BYTES)), child, (error) => (parseError = error))) {
    if (event.kind === 'commit') commits++;
    yield event;
  }
  const { code, stderr } = await exited;
  signal?.throwIfAborted();
  // A corrupt commit or tree makes git log exit early, which also truncates its output: report the cause, not both.
  if (code !== 0 && code !== null) {
    warnings.add('history-incomplete', `git log failed after ${commits} commits, later history not scanned: ${stderr || `exit code ${code}`}`);
  } else if (parseError) {
    warnings.add('history-incomplete', `history walk stopped after ${commits} commits: ${parseError.message}`);
  }
  signal?.throwIfAborted();
  if (await isShallow(repoDir)) {
    warnings.add('shallow', `shallow clone: history truncated at ${commits} commits; older commits were not scanned and the oldest one scanned is credited with every file it contains`);
  }
}

/**
 * What is about to be committed: the index's version of every added, copied, modified or type-changed file, not the
 * working tree (which may hold unstaged edits). Blobs come from the raw diff's object IDs, so paths with newlines or
 * spaces need no quoting, and an unborn branch (first commit) is compared with the empty tree by git. Throws when the
 * index cannot be read: a pre-commit check that saw only part of it must not pass.
 */
export async function* stagedChanges(repoDir: string, signal?: AbortSignal): AsyncGenerator<AddedBlob> {
  const args = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--no-relative', '--no-ext-diff', '--no-textconv', '--no-color', '--diff-filter=ACMT', '--'];
  const { child, exited } = spawnGit(repoDir, args, { stdin: false, signal });
  let parseError: Error | undefined;
  for await (const event of untilFailure(parseRawDiff(nulFields(child.stdout, MAX_GIT_FIELD_BYTES)), child, (error) => (parseError = error))) {
    if (event.kind === 'blob') yield event.blob;
  }
  const { code, stderr } = await exited;
  signal?.throwIfAborted();
  if (code !== 0 && code !== null) throw new GitRepositoryError(`git diff --cached failed: ${stderr || `exit code ${code}`}`);
  if (parseError) throw parseError;
}

/** HEAD's blobs with their paths; a tree that cannot be read ends the stream with a `history-incomplete` warning. */
export async function* headBlobs(repoDir: string, warnings: WarningTally, signal?: AbortSignal): AsyncGenerator<AddedBlob> {
  const { child, exited } = spawnGit(repoDir, ['ls-tree', '-r', '-z', '--full-tree', 'HEAD'], { stdin: false, signal });
  let failure: string | undefined;
  for await (const field of untilFailure(nulFields(child.stdout, MAX_GIT_FIELD_BYTES), child, (error) => (failure = error.message))) {
    // `<mode> SP <type> SP <oid> TAB <path>`
    const text = field.toString('utf8');
    const tab = text.indexOf('\t');
    const [, type, oid] = text.slice(0, tab).split(' ');
    if (tab !== -1 && type === 'blob' && oid) yield { oid, path: text.slice(tab + 1) };
  }
  const { code, stderr } = await exited;
  signal?.throwIfAborted();
  if (failure !== undefined || (code !== 0 && code !== null)) {
    warnings.add('history-incomplete', `could not read HEAD's tree, presentAtHead may be false for secrets still present: ${failure ?? stderr}`);
  }
}

/**
 * `items` until they end or fail: a failure is handed to `failed` and ends the stream, so the caller can still read
 * git's exit status. Either way, and when the consumer stops early, git is killed rather than left writing into a
 * pipe nobody reads.
 */
async function* untilFailure<T>(items: AsyncIterable<T>, child: GitChild, failed: (error: Error) => void): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (error) {
        failed(error as Error);
        break;
      }
      if (next.done) {
        finished = true;
        break;
      }
      yield next.value;
    }
  } finally {
    if (!finished) child.kill();
  }
}
