import { availableParallelism, loadavg } from 'node:os';
import type { RuleMeta } from '../../core/rule.js';
import type { SourceEntry } from '../../sources/source.js';
import type { FileCheckContext, FileOutcome, TextFile } from '../file-checks.js';
import { fileWorkerLaunch, FileWorkerPool, type WorkerData } from './pool.js';

/** A text entry's outcome, yielded after the entry itself and in the same order as the text entries. */
export interface CheckedEntry {
  type: 'checked';
  file: string;
  outcome: FileOutcome;
}

export interface FileCheckOptions extends FileCheckContext {
  /** Whether the secret search runs (the context's search then has detectors). */
  secretsOn: boolean;
}

/** A batch is the unit a worker receives: large enough that messaging costs little, small enough to spread the work. */
const BATCH_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
/** Batches in flight per worker: enough to keep it busy, few enough that texts do not pile up in memory. */
const IN_FLIGHT_PER_WORKER = 3;
const MAX_THREADS = 4;

interface Slot {
  ready: CheckedEntry[] | undefined;
  promise: Promise<CheckedEntry[]>;
}

/**
 * The source's entries, each text entry followed (possibly later, never out of order) by its checked outcome. Large
 * scans check files on worker threads, in batches; everything else passes through once the outcomes of the text
 * entries before it are yielded, so the report is the same, byte for byte, with workers or without.
 */
export async function* checkedEntries(entries: AsyncIterable<SourceEntry>, options: FileCheckOptions): AsyncGenerator<SourceEntry | CheckedEntry> {
  let threads: number | undefined;
  const slots: Slot[] = [];
  let batch: TextFile[] = [];
  let batchBytes = 0;
  let seenBytes = 0;
  let pool: FileWorkerPool | undefined;
  // The parsers and rule runners load with the first text entry: staged files and layers arrive as blobs, and a
  // pre-commit run over them never loads a YAML or Dockerfile parser.
  let fromWire: typeof import('./wire.js').fromWire | undefined;
  let checkTextFile: typeof import('../file-checks.js').checkTextFile | undefined;
  const metaOf = metaLookup(options);

  const dispatch = () => {
    if (!pool || !fromWire || batch.length === 0) return;
    const [files, decode] = [batch, fromWire];
    batch = [];
    batchBytes = 0;
    const slot: Slot = {
      ready: undefined,
      promise: pool.run(files).then((outcomes) => {
        slot.ready = outcomes.map((wire, i) => ({ type: 'checked' as const, file: files[i]!.file, outcome: decode(wire, metaOf) }));
        return slot.ready;
      }),
    };
    // Awaited in order later; a failure is rethrown there, never left unhandled if the scan stops first.
    slot.promise.catch(() => undefined);
    slots.push(slot);
  };

  try {
    for await (const entry of entries) {
      if (entry.type !== 'text') {
        dispatch();
        while (slots.length > 0) yield* await slots.shift()!.promise;
        yield entry;
        continue;
      }
      yield entry;
      const file: TextFile = { file: entry.file, text: entry.text, kind: entry.kind };
      seenBytes += file.text.length;
      if (threads === undefined && seenBytes >= fileWorkerLaunch.minBytes) threads = await threadCount(options);
      if (!pool && threads) {
        fromWire = (await import('./wire.js')).fromWire;
        pool = new FileWorkerPool(threads, workerData(options));
      }
      if (!pool) {
        checkTextFile ??= (await import('../file-checks.js')).checkTextFile;
        yield { type: 'checked', file: file.file, outcome: checkTextFile(file, options) };
        continue;
      }
      batch.push(file);
      batchBytes += file.text.length;
      if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) dispatch();
      while (slots.length > 0 && slots[0]!.ready) yield* slots.shift()!.ready!;
      while (slots.length >= pool.size * IN_FLIGHT_PER_WORKER) yield* await slots.shift()!.promise;
    }
    dispatch();
    while (slots.length > 0) yield* await slots.shift()!.promise;
  } finally {
    await pool?.close();
  }
}

/**
 * How many file workers to start: RAMPART_THREADS (0 checks every file in this thread), else one per core but the
 * scanning thread's (at most four) when there are four cores or more and two of them are idle.
 */
async function threadCount(options: FileCheckOptions): Promise<number> {
  // Whole objects for users' policies stay in this thread, where the compiled policies are.
  if (options.keepWhole || !(await runsBuiltInRulesOnly(options))) return 0;
  const configured = envThreads();
  if (configured !== undefined) return configured;
  // Workers shorten a scan only on idle cores, and only with several: they add CPU of their own (copies of every
  // outcome, a heap, a JIT and collector threads each). On 2 busy cores, 2 workers took 25-35% more CPU and 1.3x the
  // wall time of one thread; what the scanning thread keeps (reading, set rules, the report) bounds the gain.
  const cores = availableParallelism();
  return cores >= 4 && cores - loadavg()[0] >= 2 ? Math.min(MAX_THREADS, cores - 1) : 0;
}

function envThreads(): number | undefined {
  const value = process.env['RAMPART_THREADS'];
  if (value === undefined || value === '') return undefined;
  const threads = Number(value);
  return Number.isInteger(threads) && threads >= 0 ? Math.min(threads, MAX_THREADS) : undefined;
}

/** Workers select their rules again by ID, so a scan with rules defined elsewhere (custom secret detectors) stays here. */
async function runsBuiltInRulesOnly({ selection }: FileCheckOptions): Promise<boolean> {
  // Loaded here, by large scans only: a secrets-only scan has not loaded the other families' rules.
  const { allRules } = await import('../rule-selection.js');
  const builtIn = new Set(allRules().map((rule) => rule.meta));
  return [...selection.kubernetes, ...selection.kubernetesSet, ...selection.dockerfile, ...selection.secret].every((rule) => builtIn.has(rule.meta));
}

function workerData({ selection, settings, rules, keepObjects, secretsOn }: FileCheckOptions): WorkerData {
  const ruleIds = [...selection.kubernetes, ...selection.kubernetesSet, ...selection.dockerfile, ...selection.secret].map((rule) => rule.meta.id);
  return { ruleIds, settings, rules, secrets: secretsOn, keepObjects };
}

function metaLookup({ selection }: FileCheckOptions): (ruleId: string) => RuleMeta {
  const metas = new Map([...selection.kubernetes, ...selection.dockerfile, ...selection.secret].map((rule) => [rule.meta.id, rule.meta]));
  return (ruleId) => {
    const meta = metas.get(ruleId);
    if (!meta) throw new Error(`file worker reported for rule ${ruleId}, which this scan did not select`);
    return meta;
  };
}
