import { updateDatabase, type UpdateOptions } from '../../../checks/vulnerabilities/database/update.js';
import type { Store } from '../store/store.js';
import { REMATCH_JOB } from './rematch.js';
import type { JobHandler } from './worker.js';

export const DB_UPDATE_JOB = 'db-update';

/**
 * `rampart db update` as a job; a rebuilt database queues one re-match of every stored SBOM, keyed by the build so
 * a retried update never queues a second.
 */
export function dbUpdateJob(store: Store, options: Omit<UpdateOptions, 'onEvent'>): JobHandler {
  return async () => {
    const result = await updateDatabase(options);
    const failed = result.ecosystems.filter((e) => e.status === 'failed').map((e) => e.ecosystem);
    let rematch: number | undefined;
    if (result.rebuilt) rematch = await store.jobs.enqueue({ kind: REMATCH_JOB, payload: { reason: 'database updated' }, dedupeKey: `${REMATCH_JOB}:db:${Date.now()}` });
    return { rebuilt: result.rebuilt, upToDate: result.upToDate, failedEcosystems: failed, ...(rematch !== undefined ? { rematchJob: rematch } : {}) };
  };
}
