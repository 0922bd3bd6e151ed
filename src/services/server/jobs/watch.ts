import type { Logger } from 'pino';
import { formatCycloneDx } from '../../../formats/sbom/index.js';
import { createRegistryWatcher, type RegistryWatcher, type RegistryWatchOptions, type WatchedRepository } from '../registry-watch/index.js';
import type { Store } from '../store/store.js';
import { REMATCH_JOB } from './rematch.js';
import type { JobHandler } from './worker.js';

export const WATCH_JOB = 'watch';

export interface WatchJobOptions {
  store: Store;
  repositories: readonly WatchedRepository[];
  logger: Logger;
  watcher?: Pick<RegistryWatchOptions, 'limits' | 'backoff' | 'requestTimeoutMs'>;
}

/**
 * One `watch` job per repository and period. Each new digest is inventoried once and its SBOM stored (the store is
 * what "known" means, so no replica pulls it again); tags of known digests are recorded; the new images are then
 * matched by a `rematch` job of their own. A registry that fails is reported and backed off by the watcher, whose
 * state lives in this process: the job itself succeeds, so the queue does not retry what the backoff already does.
 */
export function watchJob(options: WatchJobOptions): JobHandler {
  const watchers = new Map<string, RegistryWatcher>();
  const watcherOf = (repository: WatchedRepository): RegistryWatcher => {
    let watcher = watchers.get(repository.repository);
    if (!watcher) {
      watcher = createRegistryWatcher({ ...options.watcher, repositories: [repository], known: (digest) => options.store.imageKnown(digest), logger: options.logger });
      watchers.set(repository.repository, watcher);
    }
    return watcher;
  };
  return async (job, signal) => {
    const name = (job.payload as { repository?: unknown }).repository;
    const repository = options.repositories.find((r) => r.repository === name);
    if (!repository) return { skipped: `repository ${String(name)} is no longer configured` };
    const stored: string[] = [];
    const problems: string[] = [];
    for await (const event of watcherOf(repository).poll()) {
      signal.throwIfAborted();
      if (event.kind === 'image') {
        const references = event.tags.map((tag) => `${event.repository}:${tag}`);
        const document = formatCycloneDx({ type: 'image', name: references[0] ?? event.repository, digest: event.manifestDigest }, event.inventory);
        await options.store.ingestSbom({ digest: event.digest, references, format: 'cyclonedx', packages: event.inventory.packages.length, document });
        stored.push(event.digest);
        if (event.errors.length > 0) problems.push(`${event.digest}: ${event.errors.length} files not inventoried`);
      } else if (event.kind === 'known') {
        await options.store.recordReferences(event.digest, event.tags.map((tag) => `${event.repository}:${tag}`));
      } else if (event.kind === 'image-error' || event.kind === 'repository-error') {
        problems.push(event.message);
        options.logger.warn({ repository: event.repository, error: event.message }, event.kind === 'image-error' ? 'image not read' : 'registry not reachable; backing off');
      }
    }
    if (stored.length > 0) await options.store.jobs.enqueue({ kind: REMATCH_JOB, payload: { digests: stored } });
    return { repository: repository.repository, stored: stored.length, problems };
  };
}
