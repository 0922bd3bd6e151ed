import { parentPort, workerData } from 'node:worker_threads';
import { allRules, selectRules } from '../rule-selection.js';
import { checkTextFile, type FileCheckContext } from '../file-checks.js';
import { SecretSearch } from '../secrets.js';
import { toWire, type WireOutcome } from './wire.js';
import { serveBatches, type FileWorkerData } from './pool.js';
import { toWireHit } from './wire-hit.js';

/**
 * A file worker: checks batches of text files exactly as the scanning thread would (pipeline/file-checks.ts) and
 * posts each batch's outcomes back, or only searches their texts for secrets while that thread runs their rules.
 * Rules are functions and cannot be sent, so the worker selects the same ones again by ID; the pool sends only
 * built-in rules (custom secret detectors keep a scan in one thread).
 */
const data = workerData as FileWorkerData;
const wanted = new Set(data.ruleIds);
const selection = selectRules(Object.fromEntries(allRules().map((rule) => [rule.meta.id, { enabled: wanted.has(rule.meta.id) }])), data.settings);
const context: FileCheckContext = {
  selection,
  settings: data.settings,
  rules: data.rules,
  keepObjects: data.keepObjects,
  secrets: new SecretSearch(data.secrets ? selection.secret : []),
};

serveBatches(parentPort!, {
  check: (file): WireOutcome => toWire(checkTextFile(file, context), file.text),
  search: (file) => context.secrets.hits(file.file, file.text).map(toWireHit),
});
