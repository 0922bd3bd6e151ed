import type { Logger } from 'pino';
import { openDatabase } from '../../../checks/vulnerabilities/database/query.js';
import { readSbom } from '../../../formats/sbom/index.js';
import { changeKey } from '../notify/index.js';
import { isEmptyDiff, rematchInventories, type StoredInventory } from '../rematch/index.js';
import type { Store } from '../store/store.js';
import { notifyJobFor } from './notify.js';
import type { JobHandler } from './worker.js';

export const REMATCH_JOB = 'rematch';

/** SBOMs read from the store per query: a page's documents are in memory at once, the rest stream. */
const PAGE = 200;

export interface RematchJobOptions {
  store: Store;
  vulnerabilityDb: string;
  /** Queue a notify job with each change (notification targets are configured). */
  notify?: boolean;
  logger: Logger;
}

/**
 * Every stored SBOM (or the digests in the payload) against the current database, without pulling any image: each
 * image's vulnerabilities, recorded match and diff are stored in one transaction per image, and a non-empty diff goes
 * to the notification targets through a notify job stored in the same transaction. A job retried after a crash redoes
 * images already done; their diff is then empty and nothing is queued twice.
 */
export function rematchJob(options: RematchJobOptions): JobHandler {
  const { store, logger } = options;
  return async (job, signal) => {
    const only = (job.payload as { digests?: unknown }).digests;
    const digests = Array.isArray(only) ? only.filter((d): d is string => typeof d === 'string') : undefined;
    const db = openDatabase(options.vulnerabilityDb);
    let unreadable = 0;
    async function* inventories(): AsyncGenerator<StoredInventory> {
      const read = async (digest: string, document: string): Promise<StoredInventory | undefined> => {
        const sbom = readSbom(document, 'sbom.json');
        if (sbom.errors.length > 0) {
          unreadable++;
          logger.warn({ digest, errors: sbom.errors.map((e) => e.message).slice(0, 3) }, 'stored SBOM not readable; image skipped');
          return undefined;
        }
        return { digest, packages: sbom.packages, previous: await store.recordedMatches(digest) };
      };
      if (digests) {
        for (const digest of digests) {
          const document = await store.sbomDocument(digest);
          const inventory = document === undefined ? undefined : await read(digest, document);
          if (inventory) yield inventory;
        }
        return;
      }
      let after = '';
      for (;;) {
        signal.throwIfAborted();
        const page = await store.sbomPage(after, PAGE);
        for (const row of page) {
          const inventory = await read(row.digest, row.document);
          if (inventory) yield inventory;
        }
        if (page.length < PAGE) return;
        after = page.at(-1)!.digest;
      }
    }
    let images = 0;
    let changed = 0;
    try {
      for await (const result of rematchInventories(db, inventories())) {
        signal.throwIfAborted();
        images++;
        const empty = isEmptyDiff(result.diff);
        let notify;
        if (!empty && options.notify) {
          const change = { digest: result.digest, references: await store.referencesOfImage(result.digest), diff: result.diff };
          notify = notifyJobFor(change, changeKey(change));
        }
        await store.recordRematch(result.digest, result.findings, result.diff, job.id, notify);
        if (!empty) changed++;
      }
    } finally {
      db.close();
    }
    return { images, changed, unreadable };
  };
}
