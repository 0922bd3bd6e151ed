import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { stat } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { MissingToolError, runTool, ToolRunError } from '../../engine/render/exec.js';

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
 * GIT_OPTIONAL_LOCKS keeps a read-only scan from rewriting the index of a repository someone is working in;
 * GIT_NO_LAZY_FETCH keeps a partial clone from downloading every missing blob from its remote during a scan
 * (such blobs are reported missing instead). The rest of the environment is kept on purpose: a pre-commit hook
 * must honour GIT_DIR and GIT_INDEX_FILE set by `git commit`.
 */
function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_NO_LAZY_FETCH: '1', GIT_TERMINAL_PROMPT: '0' };
}

/** Runs a short git command in the repository and returns its stdout. */
export function git(repoDir: string, args: string[]): Promise<string> {
  return runTool({ tool: 'git', binary: 'git', args: ['-C', repoDir, ...args], timeoutMs: GIT_TIMEOUT_MS, env: gitEnv() });
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
  const child = spawn('git', ['-C', repoDir, ...args], {
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
  try {
    return (await git(repoDir, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`])).trim();
  } catch (error) {
    if (error instanceof ToolRunError) return undefined;
    throw error;
  }
}

export async function isShallow(repoDir: string): Promise<boolean> {
  return (await git(repoDir, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
}
