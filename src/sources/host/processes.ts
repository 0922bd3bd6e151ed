import { closeSync, constants, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';

/** The kernel caps a command line near 2 MiB (MAX_ARG_STRLEN times a few); more is not a command line. */
const MAX_CMDLINE_BYTES = 2 * 1024 * 1024;
const MAX_ENVIRON_BYTES = 2 * 1024 * 1024;

export interface HostProcess {
  pid: number;
  /** The command line as the kernel holds it, one argument per entry. */
  argv: string[];
  /** Environment variables the caller asked for (`environ` of the process), when readable. */
  env: Record<string, string>;
  /** Why the asked-for environment could not be read (reading another user's needs CAP_SYS_PTRACE). */
  envError?: string;
}

export interface ProcessQuery {
  /** A procfs mount: `/proc` with `hostPID`, or the host's own under the root. */
  procDir: string;
  /** Read only these process IDs; every process when absent. */
  pids?: readonly number[];
  /** Keeps a process by its command line; only kept ones have their environment read. */
  wanted(argv: readonly string[]): boolean;
  /** Environment variable names to read from kept processes (e.g. `ETCD_` settings); values stay in memory only. */
  envPrefix?: (argv: readonly string[]) => string | undefined;
}

export interface ProcessListing {
  processes: HostProcess[];
  /** Requested pids that could not be read, with the reason (they exited, or permissions). */
  unreadable: Array<{ pid: number; message: string }>;
}

/**
 * Command lines of the processes under a procfs mount. A process may exit between listing and reading: without a
 * pid filter, that process is simply gone; a pid asked for by name that cannot be read is reported.
 */
export function readProcesses(query: ProcessQuery): ProcessListing {
  const explicit = query.pids !== undefined;
  const pids = query.pids ?? listPids(query.procDir);
  const processes: HostProcess[] = [];
  const unreadable: ProcessListing['unreadable'] = [];
  for (const pid of pids) {
    const cmdline = readProcFile(join(query.procDir, String(pid), 'cmdline'), MAX_CMDLINE_BYTES);
    if (typeof cmdline !== 'string') {
      if (explicit) unreadable.push({ pid, message: cmdline.message });
      continue;
    }
    const argv = splitNul(cmdline);
    // Kernel threads have an empty command line.
    if (argv.length === 0 || !query.wanted(argv)) continue;
    const prefix = query.envPrefix?.(argv);
    const env: Record<string, string> = {};
    let envError: string | undefined;
    if (prefix) {
      const environ = readProcFile(join(query.procDir, String(pid), 'environ'), MAX_ENVIRON_BYTES);
      if (typeof environ !== 'string') envError = environ.message;
      else {
        for (const entry of splitNul(environ)) {
          const eq = entry.indexOf('=');
          if (eq > 0 && entry.startsWith(prefix)) env[entry.slice(0, eq)] = entry.slice(eq + 1);
        }
      }
    }
    processes.push({ pid, argv, env, ...(envError ? { envError } : {}) });
  }
  return { processes, unreadable };
}

function listPids(procDir: string): number[] {
  try {
    return readdirSync(procDir)
      .filter((name) => /^[1-9]\d{0,9}$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

function splitNul(text: string): string[] {
  const parts = text.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** procfs reports size 0 for these files, so they are read until the end, up to a limit. */
function readProcFile(path: string, maxBytes: number): string | { message: string } {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch (error) {
    return { message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      total += read;
      if (total > maxBytes) return { message: `${path} is over ${maxBytes} bytes` };
      chunks.push(chunk.subarray(0, read));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    return { message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  } finally {
    closeSync(fd);
  }
}
