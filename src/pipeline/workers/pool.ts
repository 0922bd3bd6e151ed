import { Worker } from 'node:worker_threads';
import type { RuleSettings } from '../../core/settings.js';
import type { TextFile } from '../file-checks.js';

/** What a file worker is started with: which built-in rules to select again, and with which settings. */
export interface FileWorkerData {
  ruleIds: string[];
  settings: RuleSettings;
  rules: boolean;
  secrets: boolean;
  keepObjects: boolean;
}

/** `check`: a file's whole outcome; `search`: only the search of its text for secrets, its rules running elsewhere. */
export type WorkerTask = 'check' | 'search';

export interface WorkerRequest {
  id: number;
  task: WorkerTask;
  files: TextFile[];
}

/** A batch's results, one per file in the order sent, or why the batch failed; `ready` once the worker can take batches. */
export type WorkerReply = { id: number; results: unknown[] } | { id: number; error: string } | { ready: true };

/**
 * Where the worker script is, and when a scan gives it files. `fileWorker`: the compiled `file-worker.js` beside this
 * module. Tests, which run the TypeScript sources, point it at a script that compiles them
 * (src/testing/typescript-worker.ts), lower the sizes so that small trees reach workers too, and set `awaitStart`, so
 * that a tree is not checked before the worker has loaded.
 *
 * A scan starts a worker once it has read `minBytes` of text, or `minLargeBytes` in files of `wholeBytes` or more,
 * which a worker sharing a core checks whole. A worker costs CPU the scanning thread does not spend (about 0.4 s to
 * load the rules, then a copy of every text and outcome). On a tree of small files with many findings per byte it
 * only searches the texts, which does not pay for it: started at 4 MB, the synthetic 10,000-resource tree (8 MB) took
 * 11% longer. On the real-manifest corpus, whose CRDs and dashboards come early, starting it at 2 MB of large files
 * rather than 16 MB of text took 8% off the wall time (8 alternating runs). `maxSentBytes`: how far a worker sharing a
 * core may be behind with the large files before the scanning thread checks the next ones itself.
 */
export const workerLaunch: { fileWorker: URL; minBytes: number; minLargeBytes: number; wholeBytes: number; maxSentBytes: number; awaitStart: boolean } = {
  fileWorker: new URL('./file-worker.js', import.meta.url),
  minBytes: 16 * 1024 * 1024,
  minLargeBytes: 2 * 1024 * 1024,
  wholeBytes: 64 * 1024,
  maxSentBytes: 4 * 1024 * 1024,
  awaitStart: false,
};

interface Pending {
  resolve(results: unknown[]): void;
  reject(error: Error): void;
}

/** A fixed set of workers running one script; each batch goes to the worker with the fewest batches in flight. */
export class WorkerPool {
  private readonly workers: Array<{ worker: Worker; pending: Map<number, Pending> }>;
  private nextId = 0;
  private failure: Error | undefined;
  private started = false;
  private readonly starts: Array<{ resolve(): void; reject(error: Error): void }> = [];

  get size(): number {
    return this.workers.length;
  }

  /** Whether a worker has loaded its rules: until then a batch would wait for it, and is better checked by the caller. */
  get ready(): boolean {
    return this.started;
  }

  /** Settles when a worker is ready, or fails. */
  whenReady(): Promise<void> {
    if (this.started) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.starts.push({ resolve, reject }));
  }

  /** Why the pool can take no more batches (a worker failed), or undefined. */
  get error(): Error | undefined {
    return this.failure;
  }

  constructor(script: URL, size: number, data: FileWorkerData) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script, { workerData: data, execArgv: workerExecArgv(process.execArgv) });
      const pending = new Map<number, Pending>();
      worker.on('message', (reply: WorkerReply) => {
        if ('ready' in reply) {
          this.started = true;
          for (const start of this.starts.splice(0)) start.resolve();
          return;
        }
        const waiting = pending.get(reply.id);
        pending.delete(reply.id);
        if ('error' in reply) waiting?.reject(new Error(`worker failed: ${reply.error}`));
        else waiting?.resolve(reply.results);
      });
      // A worker that dies (out of memory, a crash in a native module) fails what it held; the scan must not hang.
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const start of this.starts.splice(0)) start.reject(error);
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
      return { worker, pending };
    });
  }

  /** The results of `task` for each of `files`, in order: WireOutcome for `check`, WireHit[] for `search`. */
  run<Result>(task: WorkerTask, files: TextFile[]): Promise<Result[]> {
    if (this.failure) return Promise.reject(this.failure);
    const target = this.workers.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve: resolve as (results: unknown[]) => void, reject });
      target.worker.postMessage({ id, task, files } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    // Terminating is the normal end: what is still pending was abandoned by the scan.
    this.failure ??= new Error('worker pool closed');
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}

/**
 * The parent's Node options a worker inherits, but `--input-type`, which Node refuses for a worker's file: a library
 * user's `node --input-type=module -e '...'` would otherwise fail every large scan.
 */
export function workerExecArgv(execArgv: readonly string[]): string[] {
  return execArgv.filter((arg) => !arg.startsWith('--input-type'));
}

/**
 * How a worker script answers each batch, once it has loaded what `tasks` need: each task maps the files to results,
 * and a throw fails the batch.
 */
export function serveBatches(port: { on(event: 'message', listener: (request: WorkerRequest) => void): void; postMessage(reply: WorkerReply): void }, tasks: Record<WorkerTask, (file: TextFile) => unknown>): void {
  port.on('message', ({ id, task, files }) => {
    let reply: WorkerReply;
    try {
      reply = { id, results: files.map(tasks[task]) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true });
}
