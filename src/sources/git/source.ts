import { join } from 'node:path';
import { displayPath } from '../../core/display-path.js';
import { excludeMatcher } from '../directory/exclude.js';
import { blobPlace, sourceOf, type Blob, type BlobOrigin, type Source, type SourceEntry } from '../source.js';
import { BlobTextReader } from './blob-text.js';
import { assertRepository, git, GitRepositoryError } from './git-command.js';
import { headBlobs, historyChanges, historyRange, stagedChanges } from './walk.js';
import { WarningTally, warningErrors } from './warnings.js';

export interface GitReadOptions {
  /** Blobs larger than this are never read into memory (default 10 MiB, the file limit of `scan`). */
  maxBlobBytes?: number;
  signal?: AbortSignal;
  /** How the report names a repository path; undefined leaves the path out (`--exclude`). Default: the path itself. */
  fileName?: (path: string) => string | undefined;
}

export interface GitHistoryReadOptions extends GitReadOptions {
  /** Only commits in `since..HEAD`. */
  since?: string;
}

/** A repository as a source: the report names its files as a file scan from `cwd` would, leaving out `exclude`'s. */
export interface GitSourceOptions {
  repoDir: string;
  cwd: string;
  exclude: readonly string[];
  maxBlobBytes?: number;
}

type GitEntry = Extract<SourceEntry, { type: 'blob' | 'progress' }>;

const PROGRESS_EVERY = 100;

/** A blob of the repository's object store; a class rather than a closure per blob, as a history yields millions. */
class GitBlob implements Blob {
  constructor(
    readonly path: string,
    readonly file: string,
    readonly id: string,
    readonly origin: BlobOrigin,
    private readonly reader: BlobTextReader,
  ) {}

  text(): Promise<string | undefined> {
    return this.reader.read(this.id, blobPlace(this.path, this.origin));
  }
}

/**
 * The blobs that the commits reachable from HEAD (or in `since..HEAD`) added or modified, oldest commit first and
 * parents before children, then HEAD's blobs; a progress entry every hundred commits and one at the end. A blob kept
 * by many commits comes once per commit that put it at a path: its `id` tells the reader it was read already. git's
 * output is streamed, never collected. Reading problems are counted in `warnings`; a repository that cannot be read at
 * all throws a GitRepositoryError.
 */
export async function* historyBlobs(repoDir: string, options: GitHistoryReadOptions, warnings: WarningTally): AsyncGenerator<GitEntry> {
  await assertRepository(repoDir);
  const range = await historyRange(repoDir, options.since);
  if (!range) return;
  const reader = new BlobTextReader(repoDir, options.maxBlobBytes, warnings, options.signal);
  const fileName = options.fileName ?? ((path: string) => path);
  try {
    let commits = 0;
    let origin: BlobOrigin | undefined;
    for await (const event of historyChanges(repoDir, range, warnings, options.signal)) {
      if (event.kind === 'commit') {
        origin = { kind: 'commit', commit: event.commit };
        if (++commits % PROGRESS_EVERY === 0) yield { type: 'progress', commits };
        continue;
      }
      const file = fileName(event.blob.path);
      if (origin && file !== undefined) yield { type: 'blob', blob: new GitBlob(event.blob.path, file, event.blob.oid, origin, reader) };
    }
    options.signal?.throwIfAborted();
    // Which secrets are still present: HEAD's blobs were almost all read during the walk (the reader knows them by
    // ID); the rest, older than `since`, are read only if asked for.
    const head: BlobOrigin = { kind: 'head' };
    for await (const { oid, path } of headBlobs(repoDir, warnings, options.signal)) {
      const file = fileName(path);
      if (file !== undefined) yield { type: 'blob', blob: new GitBlob(path, file, oid, head, reader) };
    }
    options.signal?.throwIfAborted();
    yield { type: 'progress', commits };
  } finally {
    await reader.close();
  }
}

/**
 * What is about to be committed: the index's version of every added or changed file. Reading problems are counted in
 * `warnings`; an index that cannot be read throws, since a pre-commit check that saw part of it must not pass.
 */
export async function* stagedBlobs(repoDir: string, options: GitReadOptions, warnings: WarningTally): AsyncGenerator<GitEntry> {
  await assertRepository(repoDir);
  const reader = new BlobTextReader(repoDir, options.maxBlobBytes, warnings, options.signal);
  const fileName = options.fileName ?? ((path: string) => path);
  try {
    const staged: BlobOrigin = { kind: 'staged' };
    for await (const { oid, path } of stagedChanges(repoDir, options.signal)) {
      const file = fileName(path);
      if (file !== undefined) yield { type: 'blob', blob: new GitBlob(path, file, oid, staged, reader) };
    }
  } finally {
    await reader.close();
  }
}

/** Repository paths as a file scan from `cwd` would name them, so one baseline covers files, history and staged changes. */
async function reportNames(options: GitSourceOptions): Promise<(path: string) => string | undefined> {
  const top = await git(options.repoDir, ['rev-parse', '--show-toplevel']).then(
    (out) => out.trim(),
    () => undefined, // a bare repository has no work tree to be relative to
  );
  const excluded = excludeMatcher(options.exclude);
  // A history names the same few paths in thousands of commits: each is resolved and matched once.
  const names = new Map<string, string | undefined>();
  return (path) => {
    if (names.has(path)) return names.get(path);
    const file = top ? displayPath(options.cwd, join(top, path)) : path;
    const name = excluded(file) ? undefined : file;
    names.set(path, name);
    return name;
  };
}

type GitRead = (fileName: (path: string) => string | undefined, warnings: WarningTally) => AsyncIterable<GitEntry>;

function gitSource(kind: 'git-history' | 'git-staged', options: GitSourceOptions, read: GitRead): Source {
  const name = displayPath(options.cwd, options.repoDir);
  return sourceOf(kind, name, async function* () {
    const warnings = new WarningTally();
    try {
      yield* read(await reportNames(options), warnings);
    } catch (error) {
      // A repository that cannot be read is an error on it; anything else is a bug and is thrown.
      if (!(error instanceof GitRepositoryError)) throw error;
      yield { type: 'error', error: { file: name, message: error.message } };
    }
    for (const error of warningErrors(warnings.list(), name)) yield { type: 'error', error };
  });
}

/** `rampart secrets --git`: every blob of the history, then HEAD's, named as the report names files. */
export function gitHistorySource(options: GitSourceOptions & { since?: string }): Source {
  return gitSource('git-history', options, (fileName, warnings) =>
    historyBlobs(options.repoDir, { fileName, ...(options.maxBlobBytes !== undefined ? { maxBlobBytes: options.maxBlobBytes } : {}), ...(options.since !== undefined ? { since: options.since } : {}) }, warnings),
  );
}

/** `rampart secrets --staged`: the staged version of every added or changed file. */
export function gitStagedSource(options: GitSourceOptions): Source {
  return gitSource('git-staged', options, (fileName, warnings) =>
    stagedBlobs(options.repoDir, { fileName, ...(options.maxBlobBytes !== undefined ? { maxBlobBytes: options.maxBlobBytes } : {}) }, warnings),
  );
}
