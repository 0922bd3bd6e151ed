import { parentPort, workerData } from 'node:worker_threads';
import { secretRules } from '../../checks/rules/secrets/index.js';
import { SecretSearch } from '../secrets.js';
import { serveBatches, type SearchWorkerData } from './pool.js';
import { toWireHit, type WireHit } from './wire-hit.js';

/**
 * A search worker: searches batches of texts for secrets, as `SecretSearch.hits` does in the scanning thread, while
 * that thread parses the same files and runs their rules. It loads the secret detectors alone, so it starts in a
 * fraction of a file worker's time; the scan sends it built-in detectors only (custom ones are not sent across).
 */
const { ruleIds } = workerData as SearchWorkerData;
const byId = new Map(secretRules.map((rule) => [rule.meta.id, rule]));
const search = new SecretSearch(
  ruleIds.map((id) => {
    const rule = byId.get(id);
    if (!rule) throw new Error(`no built-in secret rule ${id}`);
    return rule;
  }),
);

serveBatches<WireHit[]>(parentPort!, (file) => search.hits(file.file, file.text).map(toWireHit));
