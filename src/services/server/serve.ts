import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { ServerMetrics } from './api/metrics.js';
import { startApiServer, type ApiServer, type ApiServerOptions } from './api/server.js';
import { dbUpdateJob, DB_UPDATE_JOB } from './jobs/db-update.js';
import { notifyJob, NOTIFY_JOB } from './jobs/notify.js';
import { rematchJob, REMATCH_JOB } from './jobs/rematch.js';
import { watchJob, WATCH_JOB } from './jobs/watch.js';
import { createNotifier, type NotificationTarget } from './notify/index.js';
import type { WatchedRepository } from './registry-watch/index.js';
import { startScheduler, type Schedule, type Scheduler } from './jobs/scheduler.js';
import { startWorker, type JobHandler, type Worker } from './jobs/worker.js';
import type { Store } from './store/store.js';

export interface RampartServerOptions extends Pick<ApiServerOptions, 'address' | 'port' | 'tls' | 'insecureHttp' | 'dashboard'> {
  store: Store;
  logger: Logger;
  /** The OSV database the server keeps up to date and matches against. */
  vulnerabilityDb: string;
  /** 0 turns the periodic `db update` off (an air gap: `rampart db import` by other means). */
  dbUpdateEveryMs: number;
  osvBaseUrl?: string;
  /** Registry repositories polled every `watchEveryMs` (default 15 minutes). */
  watch?: readonly WatchedRepository[];
  watchEveryMs?: number;
  /** Where re-match diffs are sent. */
  notify?: readonly NotificationTarget[];
  /** Extra job kinds (tests). */
  handlers?: Record<string, JobHandler>;
  schedules?: Schedule[];
  leaseMs?: number;
  pollMs?: number;
}

export interface RampartServer {
  api: ApiServer;
  /** This replica's identity in the job queue. */
  owner: string;
  close(): Promise<void>;
}

const DEFAULT_WATCH_EVERY_MS = 15 * 60_000;

/** One process: the API, the scheduler and a worker, over one store. Several replicas may share a PostgreSQL store. */
export async function startRampartServer(options: RampartServerOptions): Promise<RampartServer> {
  const { store, logger } = options;
  const metrics = new ServerMetrics();
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // Targets are checked here, so a malformed URL stops the start rather than the first advisory.
  const notifier = options.notify?.length ? createNotifier({ targets: options.notify, sent: store.sentNotifications, logger }) : undefined;
  const watched = options.watch ?? [];
  const handlers: Record<string, JobHandler> = {
    [DB_UPDATE_JOB]: dbUpdateJob(store, { dbPath: options.vulnerabilityDb, ...(options.osvBaseUrl ? { baseUrl: options.osvBaseUrl } : {}) }),
    [REMATCH_JOB]: rematchJob({ store, vulnerabilityDb: options.vulnerabilityDb, logger, notify: notifier !== undefined }),
    ...(notifier ? { [NOTIFY_JOB]: notifyJob({ notifier, logger }) } : {}),
    [WATCH_JOB]: watchJob({ store, repositories: watched, logger }),
    ...options.handlers,
  };
  const schedules: Schedule[] = [
    ...(options.dbUpdateEveryMs > 0 ? [{ kind: DB_UPDATE_JOB, everyMs: options.dbUpdateEveryMs }] : []),
    ...watched.map((repository) => ({ kind: WATCH_JOB, everyMs: options.watchEveryMs ?? DEFAULT_WATCH_EVERY_MS, key: repository.repository, payload: { repository: repository.repository } })),
    ...(options.schedules ?? []),
  ];
  const worker: Worker = startWorker({
    store, owner, handlers, logger, metrics,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
  });
  let scheduler: Scheduler | undefined;
  let api: ApiServer;
  try {
    api = await startApiServer({
      store, logger, metrics, address: options.address, port: options.port,
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.insecureHttp ? { insecureHttp: true } : {}),
      ...(options.dashboard ? { dashboard: options.dashboard } : {}),
    });
    scheduler = startScheduler(store, schedules, logger);
  } catch (error) {
    await worker.stop();
    throw error;
  }
  return {
    api,
    owner,
    async close() {
      scheduler?.stop();
      await api.close();
      await worker.stop();
    },
  };
}
