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

/** A batch's results, one per file in the order sent, or why the batch failed. */
export type WorkerReply = { id: number; results: unknown[] } | { id: number; error: string };

/**
 * Where the worker script is, and what it is given. `fileWorker`: the compiled `file-worker.js` beside this module.
 * Tests, which run the TypeScript sources, point it at a script that compiles them (src/testing/typescript-worker.ts)
 * and lower the sizes to check small trees on workers too.
 *
 * `minBytes`: below this much text a scan starts no worker. File workers cost CPU the scanning thread does not spend
 * (about 0.3 s each to load the rules, then every outcome is copied across), which can pay off only where parsing
 * dominates: on the synthetic 10,000-resource tree (8 MB, many findings per byte) two workers cost 40% more CPU; on
 * the 100 MB real-manifest corpus 25 to 35% more, while the scanning thread's own CPU fell from 5.7 s to 3.2 s.
 */
export const workerLaunch: { fileWorker: URL; minBytes: number; wholeBytes: number; maxSentBytes: number } = {
  fileWorker: new URL('./file-worker.js', import.meta.url),
  minBytes: 16 * 1024 * 1024,
  wholeBytes: 64 * 1024,
  maxSentBytes: 4 * 1024 * 1024,
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

  get size(): number {
    return this.workers.length;
  }

  constructor(script: URL, size: number, data: FileWorkerData) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script, { workerData: data });
      const pending = new Map<number, Pending>();
      worker.on('message', (reply: WorkerReply) => {
        const waiting = pending.get(reply.id);
        pending.delete(reply.id);
        if ('error' in reply) waiting?.reject(new Error(`worker failed: ${reply.error}`));
        else waiting?.resolve(reply.results);
      });
      // A worker that dies (out of memory, a crash in a native module) fails what it held; the scan must not hang.
      const fail = (error: Error) => {
        this.failure ??= error;
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

/** How a worker script answers each batch: each task maps the files to results, and a throw fails the batch. */
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
}
