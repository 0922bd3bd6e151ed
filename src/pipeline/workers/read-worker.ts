import { parentPort, workerData } from 'node:worker_threads';
import { secretRules } from '../../checks/rules/secrets/index.js';
import { readWalkedFile } from '../../sources/directory/read-input.js';
import { SecretSearch } from '../secrets.js';
import type { ReadOutcome, ReadReply, ReadRequest, ReadWorkerData } from './read-ahead.js';
import { toWireHits } from './wire.js';

/**
 * The read-ahead worker (read-ahead.ts): reads walked files with the directory source's own reader, and searches each
 * text with the built-in secret rules it was given, as the scanning thread's SecretSearch would.
 */
const { secretRuleIds } = workerData as ReadWorkerData;
const wanted = new Set(secretRuleIds);
const search = new SecretSearch(secretRules.filter((rule) => wanted.has(rule.meta.id)));

function outcome(read: ReadRequest['reads'][number]): ReadOutcome {
  const result = readWalkedFile(read);
  return result?.ok && search.active ? { result, hits: toWireHits(search.hits(read.display, result.text)) } : { result };
}

parentPort!.on('message', ({ id, reads }: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id, outcomes: reads.map(outcome) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
parentPort!.postMessage({ ready: true } satisfies ReadReply);
