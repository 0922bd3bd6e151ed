import { Worker } from 'node:worker_threads';
import type { RuleSettings } from '../../core/settings.js';
import type { TextFile } from '../file-checks.js';
import type { WireOutcome } from './wire.js';

/** What a file worker is started with: which built-in rules to select again, and with which settings. */
export interface WorkerData {
  ruleIds: string[];
  settings: RuleSettings;
  rules: boolean;
  secrets: boolean;
  keepObjects: boolean;
}

export interface WorkerRequest {
  id: number;
  files: TextFile[];
}

export type WorkerReply = { id: number; outcomes: WireOutcome[] } | { id: number; error: string };

/**
 * When and how file workers start. `minBytes`: below this much text a scan never starts them. Workers cost CPU the
 * scanning thread does not spend (about 0.3 s each to load the rules, then every outcome is copied across), which
 * can pay off only where parsing dominates: on the synthetic 10,000-resource tree (8 MB, many findings per byte) two
 * workers cost 40% more CPU; on the 100 MB real-manifest corpus 25 to 35% more, while the scanning thread's own CPU
 * fell from 5.7 s to 3.2 s. `script`: the compiled `file-worker.js` beside this module. Tests,
 * which run the TypeScript sources, point it at a script that compiles them (src/testing/typescript-worker.ts) and
 * lower `minBytes` to check small trees on workers too.
 */
export const fileWorkerLaunch: { script: URL; minBytes: number } = { script: new URL('./file-worker.js', import.meta.url), minBytes: 16 * 1024 * 1024 };

interface Pending {
  resolve(outcomes: WireOutcome[]): void;
  reject(error: Error): void;
}

/** A fixed set of file workers; each batch goes to the worker with the fewest batches in flight. */
export class FileWorkerPool {
  private readonly workers: Array<{ worker: Worker; pending: Map<number, Pending> }>;
  private nextId = 0;
  private failure: Error | undefined;

  get size(): number {
    return this.workers.length;
  }

  constructor(size: number, data: WorkerData) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(fileWorkerLaunch.script, { workerData: data });
      const pending = new Map<number, Pending>();
      worker.on('message', (reply: WorkerReply) => {
        const waiting = pending.get(reply.id);
        pending.delete(reply.id);
        if ('error' in reply) waiting?.reject(new Error(`file worker failed: ${reply.error}`));
        else waiting?.resolve(reply.outcomes);
      });
      // A worker that dies (out of memory, a crash in a native module) fails what it held; the scan must not hang.
      const fail = (error: Error) => {
        this.failure ??= error;
        for (const waiting of pending.values()) waiting.reject(error);
        pending.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`file worker exited with code ${code}`)));
      return { worker, pending };
    });
  }

  run(files: TextFile[]): Promise<WireOutcome[]> {
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
    this.failure ??= new Error('file worker pool closed');
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }
}
