import { parentPort, workerData } from 'node:worker_threads';
import { allRules, selectRules } from '../rule-selection.js';
import { checkTextFile, type FileCheckContext, type TextFile } from '../file-checks.js';
import { SecretSearch } from '../secrets.js';
import { toWire } from './wire.js';
import type { WorkerData, WorkerReply, WorkerRequest } from './pool.js';

/**
 * A file worker: checks batches of text files exactly as the scanning thread would (pipeline/file-checks.ts) and
 * posts each batch's outcomes back. Rules are functions and cannot be sent, so the worker selects the same ones
 * again by ID; the pool sends only built-in rules (custom secret detectors keep a scan in one thread).
 */
const data = workerData as WorkerData;
const wanted = new Set(data.ruleIds);
const selection = selectRules(Object.fromEntries(allRules().map((rule) => [rule.meta.id, { enabled: wanted.has(rule.meta.id) }])), data.settings);
const context: FileCheckContext = {
  selection,
  settings: data.settings,
  rules: data.rules,
  keepObjects: data.keepObjects,
  secrets: new SecretSearch(data.secrets ? selection.secret : []),
};

parentPort!.on('message', ({ id, files }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id, outcomes: files.map((file: TextFile) => toWire(checkTextFile(file, context), file.text)) };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
