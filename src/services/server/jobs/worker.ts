import type { Logger } from 'pino';
import type { ServerMetrics } from '../api/metrics.js';
import type { Job } from '../store/jobs.js';
import type { Store } from '../store/store.js';

/** What a job kind does. `signal` aborts when the lease is lost or the server stops: stop soon, the job runs again. */
export type JobHandler = (job: Job, signal: AbortSignal) => Promise<unknown>;

export interface WorkerOptions {
  store: Store;
  /** Unique per replica and start: a restarted replica must not complete its previous life's jobs. */
  owner: string;
  handlers: Record<string, JobHandler>;
  logger: Logger;
  metrics?: ServerMetrics;
  /** Default 60 s: a dead replica's job is picked up this long after its last renewal. */
  leaseMs?: number;
  /** Idle poll period. Default 2 s. */
  pollMs?: number;
  /** Default 30 s, doubled per attempt up to an hour. */
  retryBaseMs?: number;
}

export interface Worker {
  /** Resolves when the job in hand (if any) has finished or been abandoned. */
  stop(): Promise<void>;
}

/**
 * One job at a time per replica: the work (a database update, a re-match of every SBOM) is CPU- or I/O-heavy, and
 * more replicas are the way to more throughput. The lease is renewed at a third of its length; if a renewal finds
 * the lease gone, the handler is aborted and its outcome discarded, because another replica owns the job now.
 */
export function startWorker(options: WorkerOptions): Worker {
  const leaseMs = options.leaseMs ?? 60_000;
  const pollMs = options.pollMs ?? 2_000;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const kinds = Object.keys(options.handlers);
  const stopping = new AbortController();
  let wake: (() => void) | undefined;

  const runOne = async (job: Job): Promise<void> => {
    const lost = new AbortController();
    const signal = AbortSignal.any([lost.signal, stopping.signal]);
    const renewal = setInterval(() => {
      options.store.jobs.renew(job.id, options.owner, leaseMs).then((held) => {
        if (!held) lost.abort(new Error('lease lost'));
      }, (error: Error) => options.logger.warn({ job: job.id, err: error.message }, 'lease renewal failed'));
    }, Math.max(50, Math.floor(leaseMs / 3)));
    const started = Date.now();
    try {
      const result = await options.handlers[job.kind]!(job, signal);
      if (lost.signal.aborted) throw lost.signal.reason as Error;
      const completed = await options.store.jobs.complete(job.id, options.owner, result);
      options.metrics?.job(job.kind, completed ? 'done' : 'lost');
      options.logger.info({ job: job.id, kind: job.kind, attempt: job.attempts, ms: Date.now() - started, completed }, completed ? 'job done' : 'job finished after its lease was lost; outcome discarded');
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      if (lost.signal.aborted) {
        options.metrics?.job(job.kind, 'lost');
        options.logger.warn({ job: job.id, kind: job.kind }, 'job abandoned: another replica holds its lease');
        return;
      }
      if (stopping.signal.aborted) {
        // Shutting down: hand the job back at once instead of letting its lease run out.
        await options.store.jobs.fail(job.id, options.owner, 'the worker stopped', 0).catch(() => undefined);
        return;
      }
      const delay = Math.min(3_600_000, retryBaseMs * 2 ** Math.max(0, job.attempts - 1));
      await options.store.jobs.fail(job.id, options.owner, message, delay);
      const final = job.attempts >= job.maxAttempts;
      options.metrics?.job(job.kind, final ? 'failed' : 'retry');
      options.logger.warn({ job: job.id, kind: job.kind, attempt: job.attempts, err: message, ...(final ? {} : { retryInMs: delay }) }, final ? 'job failed for good' : 'job failed; will retry');
    } finally {
      clearInterval(renewal);
    }
  };

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      let job: Job | undefined;
      try {
        job = await options.store.jobs.claim(options.owner, leaseMs, kinds);
      } catch (error) {
        options.logger.warn({ err: (error as Error).message }, 'claiming a job failed');
      }
      if (job) {
        await runOne(job);
        continue;
      }
      await new Promise<void>((done) => {
        const timer = setTimeout(done, pollMs);
        wake = () => {
          clearTimeout(timer);
          done();
        };
      });
    }
  })();

  return {
    async stop() {
      stopping.abort(new Error('server stopping'));
      wake?.();
      await loop;
    },
  };
}
