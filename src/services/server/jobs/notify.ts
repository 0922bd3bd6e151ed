import type { Logger } from 'pino';
import type { MatchDiff } from '../rematch/index.js';
import type { ImageChange, Notifier } from '../notify/index.js';
import type { EnqueueRequest } from '../store/jobs.js';
import type { JobHandler } from './worker.js';

export const NOTIFY_JOB = 'notify';

/**
 * The job that delivers one image's change, stored in the transaction that records the change: a crash after the
 * re-match commits still delivers it, and a change that was never committed is never announced. The dedupe key makes
 * a re-match retried after a crash, whose diff is then empty anyway, unable to queue the same change twice.
 */
export function notifyJobFor(change: ImageChange, key: string): EnqueueRequest {
  return { kind: NOTIFY_JOB, payload: { change }, dedupeKey: `notify:${key}`, maxAttempts: 8 };
}

/**
 * Sends the change to every target. Targets that accepted it are in the shared sent log, so a retry (a target was
 * down, or this job's lease ran out mid-delivery and another replica took it) sends only to the others. A delivery
 * whose acceptance could not be recorded may reach a target twice; the payload's id lets the receiver drop it.
 */
export function notifyJob(options: { notifier: Notifier; logger: Logger }): JobHandler {
  return async (job, signal) => {
    const change = (job.payload as { change?: ImageChange }).change;
    if (!change || typeof change.digest !== 'string' || !isDiff(change.diff)) throw new Error('notify job without a change');
    signal.throwIfAborted();
    const results = await options.notifier.notify(change);
    const failed = results.filter((r) => r.status === 'failed');
    if (failed.length > 0) throw new Error(`not delivered to ${failed.map((r) => `${r.target} (${r.error ?? 'failed'})`).join(', ')}`);
    return { delivered: results.filter((r) => r.status === 'sent').map((r) => r.target), duplicate: results.filter((r) => r.status === 'duplicate').map((r) => r.target) };
  };
}

function isDiff(value: unknown): value is MatchDiff {
  const diff = value as Partial<MatchDiff> | undefined;
  return !!diff && Array.isArray(diff.added) && Array.isArray(diff.gone) && Array.isArray(diff.fixAvailable) && Array.isArray(diff.severityChanged);
}
