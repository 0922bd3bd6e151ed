import type { Logger } from 'pino';
import { startWorker } from '../jobs/worker.js';
import { openPostgres } from '../store/postgres.js';
import { Store } from '../store/store.js';

/**
 * A server replica reduced to its worker, run as its own process by the two-replica test: `slow` jobs record each
 * start in `test_runs`, print `started <job> <owner>` and work for `payload.ms`, so the test can kill one mid-job.
 */
const [url, owner, lease] = process.argv.slice(2);
const store = new Store(openPostgres(url!, { max: 3 }));
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined } as unknown as Logger;
const worker = startWorker({
  store,
  owner: owner!,
  logger: quiet,
  leaseMs: Number(lease),
  pollMs: 50,
  handlers: {
    slow: async (job, signal) => {
      await store.driver.run('INSERT INTO test_runs (job, owner) VALUES (?, ?)', [job.id, owner!]);
      process.stdout.write(`started ${job.id} ${owner}\n`);
      const { ms } = job.payload as { ms: number };
      await new Promise<void>((done, fail) => {
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          fail(signal.reason as Error);
        }, { once: true });
      });
      return { owner };
    },
  },
});
process.once('SIGTERM', () => {
  void worker.stop().then(() => store.close()).then(() => process.exit(0));
});
