import type { Logger } from 'pino';
import type { Store } from '../store/store.js';

export interface Schedule {
  kind: string;
  everyMs: number;
  payload?: unknown;
  /** Distinguishes several schedules of one kind (one per watched repository). */
  key?: string;
}

export interface Scheduler {
  stop(): void;
}

const DAY_MS = 86_400_000;
/** Finished jobs are kept this long for `GET /api/v1/jobs` and then pruned. */
const KEEP_FINISHED_MS = 7 * DAY_MS;

/**
 * Every replica runs the scheduler; each period's job has a dedupe key (`kind:key:period`), so however many replicas
 * tick, the job is queued once, and one worker runs it.
 */
export function startScheduler(store: Store, schedules: readonly Schedule[], logger: Logger, options: { tickMs?: number; clock?: () => number } = {}): Scheduler {
  const clock = options.clock ?? Date.now;
  const tick = async () => {
    const now = clock();
    for (const schedule of schedules) {
      const period = Math.floor(now / schedule.everyMs);
      const dedupeKey = `${schedule.kind}:${schedule.key ?? ''}:${period}`;
      try {
        const id = await store.jobs.enqueue({ kind: schedule.kind, payload: schedule.payload ?? {}, dedupeKey });
        if (id !== undefined) logger.info({ job: id, kind: schedule.kind, key: schedule.key }, 'scheduled job queued');
      } catch (error) {
        logger.warn({ kind: schedule.kind, err: (error as Error).message }, 'scheduling failed');
      }
    }
    await store.jobs.prune(now - KEEP_FINISHED_MS).catch(() => undefined);
  };
  void tick();
  const timer = setInterval(() => void tick(), options.tickMs ?? 30_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
