import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { MissingToolError, runTool, ToolRunError } from '../rendered/exec.js';

/** The repository cannot be scanned at all: not a repository, unknown revision, git missing. */
export class GitRepositoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitRepositoryError';
  }
}

const GIT_TIMEOUT_MS = 120_000;
const STDERR_TAIL_BYTES = 4096;

/**
 * A scanned repository is untrusted, and its `.git/config` can name programs that git runs on its own. These
 * command-line settings outrank every config file, so they close each such path for the read-only commands we run:
 * - `core.fsmonitor` is run on every index read, which `git diff --cached` (the staged scan) does;
 * - `core.hooksPath` points hooks at nowhere: none of these commands runs one today, which is not worth relying on;
 * - `log.showSignature` would run `gpg.program` for each signed commit.
 * External diffs and textconv drivers only run for patch output, which we never ask for (`--raw`), and each diff
 * command passes `--no-ext-diff --no-textconv` too. Clean/smudge filters only run on the work tree (`add`,
 * `checkout`, index refresh), which no command here touches; `cat-file --batch` applies none without `--filters`.
 * Transports (and with them `core.sshCommand`, remote helpers, credential helpers) are shut in gitEnv. The user's
 * own global and system config are trusted and kept: CI sets `safe.directory` there.
 */
const HARDENING_CONFIG = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'log.showSignature=false'];

/** Every git invocation: the pager off and the hardening settings before the subcommand, in the repository. */
function gitArgs(repoDir: string, args: string[]): string[] {
  return ['--no-pager', ...HARDENING_CONFIG.flatMap((setting) => ['-c', setting]), '-C', repoDir, ...args];
}

/**
 * GIT_OPTIONAL_LOCKS keeps a read-only scan from rewriting the index of a repository someone is working in;
 * GIT_NO_LAZY_FETCH keeps a partial clone from downloading every missing blob from its remote during a scan
 * (such blobs are reported missing instead); an empty GIT_ALLOW_PROTOCOL allows no transport at all, overriding the
 * repository's `protocol.<name>.allow`, which would outrank a `-c protocol.allow=never`; GIT_NO_REPLACE_OBJECTS
 * makes git serve the objects actually stored, so `refs/replace/` cannot hide a commit from the history scan. The
 * rest of the environment is kept on purpose: a pre-commit hook must honour GIT_DIR and GIT_INDEX_FILE set by
 * `git commit`.
 */
function gitEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_ALLOW_PROTOCOL: '',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_TERMINAL_PROMPT: '0',
  };
}

/** Runs a short git command in the repository and returns its stdout. */
export function git(repoDir: string, args: string[]): Promise<string> {
  return runTool({ tool: 'git', binary: 'git', args: gitArgs(repoDir, args), timeoutMs: GIT_TIMEOUT_MS, env: gitEnv() });
}

export type GitChild = ChildProcessByStdio<Writable | null, Readable, Readable>;

export interface GitExit {
  code: number | null;
  /** The last few KiB of stderr, trimmed: enough for the error message without holding a chatty process's log. */
  stderr: string;
}

/** Starts a long-running git process whose stdout the caller streams; `exited` settles when it ends. */
export function spawnGit(
  repoDir: string,
  args: string[],
  options: { stdin: boolean; signal?: AbortSignal | undefined },
): { child: GitChild; exited: Promise<GitExit> } {
  const child = spawn('git', gitArgs(repoDir, args), {
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: gitEnv(),
    windowsHide: true,
    ...(options.signal ? { signal: options.signal } : {}),
  }) as GitChild; // stdout and stderr are always pipes; stdin is one when asked for
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr = (stderr + text).slice(-STDERR_TAIL_BYTES);
  });
  const exited = new Promise<GitExit>((resolve) => {
    let spawnError: string | undefined;
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code === 'ENOENT' ? 'the git binary was not found on PATH' : error.message;
    });
    child.on('close', (code) => resolve({ code, stderr: spawnError ?? stderr.trim() }));
  });
  return { child, exited };
}

/** Checks the directory is a git repository (a work tree or a bare one) before anything else runs in it. */
export async function assertRepository(repoDir: string): Promise<void> {
  const info = await stat(repoDir).catch(() => undefined);
  if (!info?.isDirectory()) throw new GitRepositoryError(`${repoDir} is not a directory`);
  try {
    await git(repoDir, ['rev-parse', '--git-dir']);
  } catch (error) {
    if (error instanceof MissingToolError) throw new GitRepositoryError(error.message);
    throw new GitRepositoryError(`${repoDir} is not a git repository (${(error as Error).message})`);
  }
}

/** The commit a revision names, or undefined when it names none (an unborn HEAD, an unknown revision). */
export async function resolveCommit(repoDir: string, revision: string): Promise<string | undefined> {
  // A leading dash would be read as an option by git; no revision starts with one.
  if (revision === '' || revision.startsWith('-')) return undefined;
  return revParse(repoDir, `${revision}^{commit}`);
}

/**
 * HEAD's commit, or undefined on an unborn branch. A HEAD that names an object git cannot read (a corrupt or emptied
 * object store) is an error: it would otherwise look like a repository without commits, scanned clean.
 */
export async function resolveHead(repoDir: string): Promise<string | undefined> {
  const commit = await resolveCommit(repoDir, 'HEAD');
  if (commit) return commit;
  // Without peeling, rev-parse only resolves the ref and does not read the object it names.
  const named = await revParse(repoDir, 'HEAD');
  if (named) throw new GitRepositoryError(`HEAD names ${named}, which cannot be read as a commit (missing or corrupt object); nothing was scanned`);
  return undefined;
}

async function revParse(repoDir: string, expression: string): Promise<string | undefined> {
  try {
    return (await git(repoDir, ['rev-parse', '--verify', '--quiet', expression])).trim();
  } catch (error) {
    if (error instanceof ToolRunError) return undefined;
    throw error;
  }
}

export async function isShallow(repoDir: string): Promise<boolean> {
  return (await git(repoDir, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}
