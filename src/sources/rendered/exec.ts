import { execFile, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { formatBytes } from '../../core/bytes.js';

/** Rendered output of a large umbrella chart can reach tens of MiB; past this it is surely runaway output. */
const MAX_OUTPUT_BYTES = 256 * 1024 * 1024;
const STDERR_LINES = 6;

export interface ToolRun {
  /** Human name of the tool, for messages: `helm`, `kubectl`. */
  tool: string;
  binary: string;
  args: string[];
  timeoutMs: number;
  /** Resident memory past which the process is killed; none when undefined. */
  memoryBytes?: number;
  env?: NodeJS.ProcessEnv;
  /** Aborting kills the process (with SIGKILL, as the time limit does). */
  signal?: AbortSignal;
}

/** How often a limited process's memory is sampled: a runaway template grows by a few hundred MiB in between. */
const MEMORY_SAMPLE_MS = 100;

/** The render tool's binary does not exist: the input cannot be scanned at all, which the user must hear about. */
export class MissingToolError extends Error {
  constructor(
    readonly tool: string,
    readonly binary: string,
  ) {
    super(binary === tool ? `the ${tool} binary was not found on PATH` : `the ${tool} binary "${binary}" was not found`);
    this.name = 'MissingToolError';
  }
}

/** The tool ran but did not produce a rendering (non-zero exit, timeout, oversized output). */
export class ToolRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolRunError';
  }
}

interface ExecFailure {
  code?: string | number;
  killed?: boolean;
  signal?: string | null;
  stderr?: string;
  message?: string;
}

/** Runs a binary without a shell and returns its stdout; throws MissingToolError or ToolRunError. */
export function runTool(run: ToolRun): Promise<string> {
  return new Promise((resolve, reject) => {
    let overMemory = false;
    const child = execFile(
      run.binary,
      run.args,
      {
        timeout: run.timeoutMs,
        // A runaway process may ignore SIGTERM while it allocates; the time limit must hold all the same.
        killSignal: 'SIGKILL',
        maxBuffer: MAX_OUTPUT_BYTES,
        encoding: 'utf8',
        windowsHide: true,
        ...(run.signal ? { signal: run.signal } : {}),
        ...(run.env || run.memoryBytes !== undefined ? { env: toolEnv(run) } : {}),
      },
      (error, stdout, stderr) => {
        clearInterval(watch);
        if (overMemory) reject(new ToolRunError(`${run.tool} used more than ${formatBytes(run.memoryBytes!)} of memory and was stopped`));
        else if (error) reject(toRunError(run, Object.assign(error, { stderr }) as ExecFailure));
        else resolve(stdout);
      },
    );
    const watch =
      run.memoryBytes === undefined
        ? undefined
        : setInterval(() => {
            void residentBytes(child).then((bytes) => {
              if (bytes === undefined || bytes <= run.memoryBytes! || overMemory) return;
              overMemory = true;
              child.kill('SIGKILL');
            });
          }, MEMORY_SAMPLE_MS);
  });
}

/**
 * Go programs (helm, kubectl) cannot be capped with RLIMIT_AS: they reserve far more address space than they use and
 * crash under a limit near their real needs. So the resident set is sampled and the process killed past the limit,
 * and GOMEMLIMIT makes the Go runtime collect garbage harder as it nears it, so a legitimate rendering stays under.
 */
function toolEnv(run: ToolRun): NodeJS.ProcessEnv {
  const env = run.env ?? process.env;
  if (run.memoryBytes === undefined || env.GOMEMLIMIT !== undefined) return env;
  return { ...env, GOMEMLIMIT: String(run.memoryBytes) };
}

/** The resident set of a running child from /proc (Linux); undefined where there is no /proc or it has exited. */
async function residentBytes(child: ChildProcess): Promise<number | undefined> {
  if (child.pid === undefined || child.exitCode !== null) return undefined;
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => undefined);
  const kib = status && /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return kib ? Number(kib) * 1024 : undefined;
}

function toRunError(run: ToolRun, failure: ExecFailure): Error {
  if (failure.code === 'ENOENT') return new MissingToolError(run.tool, run.binary);
  if (failure.code === 'EACCES') return new ToolRunError(`${run.tool} binary "${run.binary}" is not executable`);
  if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return new ToolRunError(`${run.tool} produced more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB of output`);
  }
  if (failure.killed && failure.signal) {
    return new ToolRunError(`${run.tool} did not finish within ${Math.round(run.timeoutMs / 100) / 10}s and was stopped`);
  }
  const stderr = summarizeStderr(failure.stderr ?? '');
  return new ToolRunError(stderr || `${run.tool} failed: ${failure.message ?? 'unknown error'}`);
}

/**
 * The first meaningful lines of a tool's stderr. kubectl wraps errors in klog framing
 * (`E1127 09:37:48.171854 10685 run.go:72] "command failed" err=<...>`), which says nothing to the user.
 */
export function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => unwrapKlog(line).trim())
    .filter((line) => line !== '' && line !== '>');
  return lines.slice(0, STDERR_LINES).join('\n') + (lines.length > STDERR_LINES ? '\n…' : '');
}

const KLOG_PREFIX = /^[EWI]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] "command failed" err=/;

function unwrapKlog(line: string): string {
  const prefix = KLOG_PREFIX.exec(line);
  if (!prefix) return line;
  const rest = line.slice(prefix[0].length);
  if (rest === '<') return '';
  if (rest.startsWith('"')) {
    try {
      return String(JSON.parse(rest));
    } catch {
      return rest.replace(/^"|"$/g, '');
    }
  }
  return rest;
}
