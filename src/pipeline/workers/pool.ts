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

/** What a search worker is started with: the built-in secret rules to search with, by ID, in the scan's order. */
export interface SearchWorkerData {
  ruleIds: string[];
}

export interface WorkerRequest {
  id: number;
  files: TextFile[];
}

/** A batch's results, one per file in the order sent, or why the batch failed. */
export type WorkerReply<Result> = { id: number; results: Result[] } | { id: number; error: string };

/**
 * Where the workers' scripts are, and when they start. `fileWorker`: the compiled `file-worker.js` beside this module,
 * which checks whole files; `searchWorker`: `search-worker.js`, which searches texts for secrets. Tests, which run the
 * TypeScript sources, point them at scripts that compile them (src/testing/typescript-worker.ts) and lower `minBytes`
 * to check small trees on workers too.
 *
 * `minBytes`: below this much text a scan starts no worker. File workers cost CPU the scanning thread does not spend
 * (about 0.3 s each to load the rules, then every outcome is copied across), which can pay off only where parsing
 * dominates: on the synthetic 10,000-resource tree (8 MB, many findings per byte) two workers cost 40% more CPU; on
 * the 100 MB real-manifest corpus 25 to 35% more, while the scanning thread's own CPU fell from 5.7 s to 3.2 s.
 */
export const workerLaunch: { fileWorker: URL; searchWorker: URL; minBytes: number } = {
  fileWorker: new URL('./file-worker.js', import.meta.url),
  searchWorker: new URL('./search-worker.js', import.meta.url),
  minBytes: 16 * 1024 * 1024,
};

interface Pending<Result> {
  resolve(results: Result[]): void;
  reject(error: Error): void;
}

/** A fixed set of workers running one script; each batch goes to the worker with the fewest batches in flight. */
export class WorkerPool<Result> {
  private readonly workers: Array<{ worker: Worker; pending: Map<number, Pending<Result>> }>;
  private nextId = 0;
  private failure: Error | undefined;

  get size(): number {
    return this.workers.length;
  }

  constructor(script: URL, size: number, data: FileWorkerData | SearchWorkerData) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script, { workerData: data });
      const pending = new Map<number, Pending<Result>>();
      worker.on('message', (reply: WorkerReply<Result>) => {
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

  run(files: TextFile[]): Promise<Result[]> {
    if (this.failure) return Promise.reject(this.failure);
    const target = this.workers.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, files } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    // Terminating is the normal end: what is still pending was abandoned by the scan.
    this.failure ??= new Error('worker pool closed');
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}

/** How a worker script answers each batch: `check` maps the files to results, and a throw fails the batch. */
export function serveBatches<Result>(port: { on(event: 'message', listener: (request: WorkerRequest) => void): void; postMessage(reply: WorkerReply<Result>): void }, check: (file: TextFile) => Result): void {
  port.on('message', ({ id, files }) => {
    let reply: WorkerReply<Result>;
    try {
      reply = { id, results: files.map(check) };
    } catch (error) {
      reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    port.postMessage(reply);
  });
}
