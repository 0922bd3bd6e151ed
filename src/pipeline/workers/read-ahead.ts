import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setImmediate as turn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RuleMeta } from '../../core/rule.js';
import type { RuleHit } from '../../core/rule-hit.js';
import type { SecretRule } from '../../checks/rules/secrets/index.js';
import { readWalkedFile, type FileRead, type FileReader, type ReadResult } from '../../sources/directory/read-input.js';
import { plannedFileWorkers } from './checked-entries.js';
import { fromWireHits, type WireHit } from './wire.js';

export interface ReadWorkerData {
  /** The built-in secret rules to search every text read with; none when the scan searches no secrets or has its own. */
  secretRuleIds: string[];
}

export interface ReadRequest {
  id: number;
  reads: FileRead[];
}

export interface ReadOutcome {
  result: ReadResult | undefined;
  /** The secret search's hits in the text, when the worker searched it. */
  hits?: WireHit[];
}

export type ReadReply = { ready: true } | { id: number; outcomes: ReadOutcome[] } | { id: number; error: string };

/**
 * When and how the read-ahead worker starts. `minBytes`: the scanning thread reads this much text itself before it
 * starts the worker, which costs some 40 MB and, on the 8 MB synthetic tree, more than it saved. `script`: the compiled
 * `read-worker.js` beside this module; tests point it at one that compiles the sources (src/testing/typescript-worker.ts),
 * set `minBytes` to 0, and turn off `readWhileStarting` (the scanning thread reads until the worker is up, which on a
 * small tree is to the end).
 */
export const readAheadLaunch: { script: URL; minBytes: number; readWhileStarting: boolean } = {
  script: new URL('./read-worker.js', import.meta.url),
  minBytes: 16 * 1024 * 1024,
  readWhileStarting: true,
};

/** Reads per message: enough that messaging costs little, few enough that the scanning thread never waits long. */
const BATCH_FILES = 32;
/** Batches requested ahead of the one the scan is at: what the worker may have read that the scan has not used yet. */
const BATCHES_AHEAD = 8;
/**
 * While the worker starts, this thread reads, and gives the event loop a turn (for the worker's ready message) after
 * this many files, as readInBatches does: a turn every 16 files raised the peak RSS of the synthetic scan by 50 MB.
 */
const LOCAL_FILES_PER_TURN = 256;

/**
 * A directory scan on two or three cores: a worker thread reads the walked files ahead of the scan and searches each
 * text for secrets, while the scanning thread parses and checks the texts it already has. Reading and the text search
 * were a third of the scanning thread's time on the real-manifest corpus, and their results cross threads cheaply
 * (texts and a few hits), unlike the file workers' outcomes. Undefined where file workers check files instead (four or
 * more idle cores), where RAMPART_THREADS names how many threads a scan may start (0: none but its own), and on one core.
 */
export function readAheadFor(secretRules: readonly SecretRule[], builtIn: readonly SecretRule[]): ReadAhead | undefined {
  const threads = process.env['RAMPART_THREADS'];
  if ((threads !== undefined && threads !== '') || availableParallelism() < 2 || plannedFileWorkers() > 0) return undefined;
  // A script missing beside this module (the sources run uncompiled) leaves reading to this thread.
  const { script } = readAheadLaunch;
  if (script.protocol === 'file:' && !existsSync(fileURLToPath(script))) return undefined;
  const known = new Set(builtIn.map((rule) => rule.meta));
  // Rules defined in rampart.yaml cannot be sent to a thread (their detectors are functions): this thread searches then.
  const searched = secretRules.every((rule) => known.has(rule.meta)) ? secretRules : [];
  return new ReadAhead(searched);
}

export class ReadAhead {
  private worker: Worker | undefined;
  private started: Promise<void> | undefined;
  private ready = false;
  private failure: Error | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(outcomes: ReadOutcome[]): void; reject(error: Error): void }>();
  private readonly searched = new Map<string, { text: string; hits: WireHit[] }>();
  private readonly metas: Map<string, RuleMeta>;

  constructor(private readonly secretRules: readonly SecretRule[]) {
    this.metas = new Map(secretRules.map((rule) => [rule.meta.id, rule.meta]));
  }

  /** The directory source's reader: the worker's reads, in order, once the worker is up; this thread's until then. */
  readonly reader: FileReader = (reads) => this.read(reads);

  /** The hits the worker's secret search found in the text it read for `file`; undefined when it did not search it. */
  textHits(file: string, text: string): RuleHit[] | undefined {
    const found = this.searched.get(file);
    if (found?.text !== text) return undefined;
    this.searched.delete(file);
    return fromWireHits(found.hits, (ruleId) => this.metas.get(ruleId)!);
  }

  async close(): Promise<void> {
    // Terminating is the normal end: what is still pending was abandoned by the scan.
    this.failure ??= new Error('read worker closed');
    await this.worker?.terminate();
  }

  private async *read(reads: readonly FileRead[]): AsyncGenerator<ReadResult | undefined> {
    const batches: Array<{ start: number; outcomes: Promise<ReadOutcome[]> }> = [];
    let requested = 0;
    let done = 0;
    let sinceTurn = 0;
    let bytesHere = 0;
    while (done < reads.length) {
      if (this.failure) throw this.failure;
      if (!this.started && bytesHere >= readAheadLaunch.minBytes) {
        const started = this.start();
        if (!readAheadLaunch.readWhileStarting) await started;
      }
      while (this.ready && batches.length < BATCHES_AHEAD && requested < reads.length) {
        const end = Math.min(reads.length, requested + BATCH_FILES);
        const outcomes = this.request(reads.slice(requested, end));
        // Awaited in order below; a failure is rethrown there, never left unhandled if the scan stops first.
        outcomes.catch(() => undefined);
        batches.push({ start: requested, outcomes });
        requested = end;
      }
      if (batches[0]?.start === done) {
        for (const { result, hits } of await batches.shift()!.outcomes) {
          if (hits && result?.ok) this.searched.set(reads[done]!.display, { text: result.text, hits });
          done++;
          yield result;
        }
        continue;
      }
      const result = readWalkedFile(reads[done++]!);
      bytesHere += result?.ok ? result.text.length : 0;
      yield result;
      requested = Math.max(requested, done);
      if (++sinceTurn >= LOCAL_FILES_PER_TURN) {
        sinceTurn = 0;
        await turn();
      }
    }
  }

  /** Starts the worker, once: settled when it is ready for reads, or has failed. */
  private start(): Promise<void> {
    if (this.started) return this.started;
    let up: () => void;
    let down: (error: Error) => void;
    this.started = new Promise<void>((resolve, reject) => {
      up = resolve;
      down = reject;
    });
    // Awaited only where reads wait for the worker; a failure reaches every read anyway (`failure`).
    this.started.catch(() => undefined);
    const data: ReadWorkerData = { secretRuleIds: this.secretRules.map((rule) => rule.meta.id) };
    const worker = new Worker(readAheadLaunch.script, { workerData: data });
    worker.on('message', (reply: ReadReply) => {
      if ('ready' in reply) {
        this.ready = true;
        up();
        return;
      }
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(new Error(`read worker failed: ${reply.error}`));
      else waiting?.resolve(reply.outcomes);
    });
    // A worker that dies fails what it held and the reads after it: the scan must not hang, nor lose files.
    const fail = (error: Error) => {
      this.failure ??= error;
      down(this.failure);
      for (const waiting of this.pending.values()) waiting.reject(this.failure);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`read worker exited with code ${code}`)));
    this.worker = worker;
    return this.started;
  }

  private request(reads: FileRead[]): Promise<ReadOutcome[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker!.postMessage({ id, reads } satisfies ReadRequest);
    });
  }
}
