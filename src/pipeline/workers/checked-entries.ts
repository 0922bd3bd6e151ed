import { availableParallelism, loadavg } from 'node:os';
import type { RuleMeta } from '../../core/rule.js';
import type { SourceEntry } from '../../sources/source.js';
import type { FileCheckContext, FileOutcome, TextFile } from '../file-checks.js';
import { workerLaunch, WorkerPool, type FileWorkerData } from './pool.js';
import { fromWireHit, type WireHit } from './wire-hit.js';
import type { WireOutcome } from './wire.js';

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
/** Batches in flight per file worker: enough to keep it busy, few enough that texts do not pile up in memory. */
const IN_FLIGHT_PER_WORKER = 3;
/**
 * Batches whose search may still be pending: the search takes a fraction of the time their rules take here, so this
 * bounds only how far the scanning thread runs ahead while the search worker starts.
 */
const SEARCHES_IN_FLIGHT = 16;
const MAX_THREADS = 4;

interface Slot {
  ready: CheckedEntry[] | undefined;
  promise: Promise<CheckedEntry[]>;
}

/** Where a large scan's files are checked besides this thread: on file workers, or their text searched on a search worker. */
type Offload = { kind: 'files'; pool: WorkerPool<WireOutcome>; fromWire: typeof import('./wire.js').fromWire } | { kind: 'search'; pool: WorkerPool<WireHit[]> };

/**
 * The source's entries, each text entry followed (possibly later, never out of order) by its checked outcome. Large
 * scans check files on worker threads, in batches, or, with fewer cores, search their texts for secrets on one while
 * this thread runs their rules; everything else passes through once the outcomes of the text entries before it are
 * yielded, so the report is the same, byte for byte, with workers or without.
 */
export async function* checkedEntries(entries: AsyncIterable<SourceEntry>, options: FileCheckOptions): AsyncGenerator<SourceEntry | CheckedEntry> {
  let planned = false;
  const slots: Slot[] = [];
  let batch: TextFile[] = [];
  let batchBytes = 0;
  let seenBytes = 0;
  let offload: Offload | undefined;
  // The parsers and rule runners load with the first text entry: staged files and layers arrive as blobs, and a
  // pre-commit run over them never loads a YAML or Dockerfile parser.
  let checks: typeof import('../file-checks.js') | undefined;
  const metaOf = metaLookup(options);

  const dispatch = () => {
    if (!offload || !checks || batch.length === 0) return;
    const files = batch;
    batch = [];
    batchBytes = 0;
    const names = files.map((file) => file.file);
    let results: Promise<CheckedEntry[]>;
    if (offload.kind === 'files') {
      const { fromWire } = offload;
      results = offload.pool.run(files).then((outcomes) => outcomes.map((wire, i) => ({ type: 'checked' as const, file: names[i]!, outcome: fromWire(wire, metaOf) })));
    } else {
      // Sent first, so the worker searches while the rules run here.
      const searched = offload.pool.run(files);
      const { checkTextFileButSearch, withTextSecrets } = checks;
      const unsearched = files.map((file) => checkTextFileButSearch(file, options));
      results = searched.then((found) =>
        unsearched.map((checked, i) => ({ type: 'checked' as const, file: names[i]!, outcome: withTextSecrets(checked, found[i]!.map((hit) => fromWireHit(hit, metaOf))) })),
      );
    }
    const slot: Slot = { ready: undefined, promise: results.then((ready) => (slot.ready = ready)) };
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
      checks ??= await import('../file-checks.js');
      if (!planned && seenBytes >= workerLaunch.minBytes) {
        planned = true;
        offload = await startOffload(options);
      }
      if (!offload) {
        yield { type: 'checked', file: file.file, outcome: checks.checkTextFile(file, options) };
        continue;
      }
      batch.push(file);
      batchBytes += file.text.length;
      if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) dispatch();
      while (slots.length > 0 && slots[0]!.ready) yield* slots.shift()!.ready!;
      const inFlight = offload.kind === 'files' ? offload.pool.size * IN_FLIGHT_PER_WORKER : SEARCHES_IN_FLIGHT;
      while (slots.length >= inFlight) yield* await slots.shift()!.promise;
    }
    dispatch();
    while (slots.length > 0) yield* await slots.shift()!.promise;
  } finally {
    await offload?.pool.close();
  }
}

/**
 * The workers a large scan starts. RAMPART_THREADS: that many file workers, and 0 none at all. Otherwise one file
 * worker per core but the scanning thread's (at most four) when there are four cores or more and two of them are
 * idle; else, with a second core, one search worker.
 */
async function startOffload(options: FileCheckOptions): Promise<Offload | undefined> {
  const configured = configuredThreads();
  if (configured === 0) return undefined;
  // Workers shorten a scan only on idle cores, and only with several: they add CPU of their own (copies of every
  // outcome, a heap, a JIT and collector threads each). On 2 busy cores, 2 workers took 25-35% more CPU and 1.3x the
  // wall time of one thread; what the scanning thread keeps (reading, set rules, the report) bounds the gain.
  const cores = availableParallelism();
  const threads = configured ?? (cores >= 4 && cores - loadavg()[0] >= 2 ? Math.min(MAX_THREADS, cores - 1) : 0);
  // Whole objects for users' policies stay in this thread, where the compiled policies are.
  if (threads > 0 && !options.keepWhole && (await runsBuiltInRulesOnly(options))) {
    const { fromWire } = await import('./wire.js');
    return { kind: 'files', pool: new WorkerPool(workerLaunch.fileWorker, threads, fileWorkerData(options)), fromWire };
  }
  // The search needs the text alone: on a second core it costs this thread only the copy of each text sent, about a
  // sixth of the search's own time, while the parse and the rules go on here. Without rules this thread has little
  // else to do than read, and the copies and a second heap cost more than the overlap wins (measured on a dependency
  // tree: the same wall time, 25% more CPU, 100 MB more memory).
  if (options.rules && options.secretsOn && cores >= 2 && (await builtInSecretRules(options))) {
    return { kind: 'search', pool: new WorkerPool(workerLaunch.searchWorker, 1, { ruleIds: options.selection.secret.map((rule) => rule.meta.id) }) };
  }
  return undefined;
}

/** Workers select their rules again by ID, so a scan with rules defined elsewhere (custom secret detectors) stays here. */
async function runsBuiltInRulesOnly({ selection }: FileCheckOptions): Promise<boolean> {
  // Loaded here, by large scans only: a secrets-only scan has not loaded the other families' rules.
  const { allRules } = await import('../rule-selection.js');
  const builtIn = new Set(allRules().map((rule) => rule.meta));
  return [...selection.kubernetes, ...selection.kubernetesSet, ...selection.dockerfile, ...selection.secret].every((rule) => builtIn.has(rule.meta));
}

/** RAMPART_THREADS: how many file workers a large scan starts; 0 starts no worker at all. */
function configuredThreads(): number | undefined {
  const value = process.env['RAMPART_THREADS'];
  if (value === undefined || value === '') return undefined;
  const threads = Number(value);
  return Number.isInteger(threads) && threads >= 0 ? Math.min(threads, MAX_THREADS) : undefined;
}

async function builtInSecretRules({ selection }: FileCheckOptions): Promise<boolean> {
  const { secretRules } = await import('../../checks/rules/secrets/index.js');
  return selection.secret.every((rule) => secretRules.includes(rule));
}

function fileWorkerData({ selection, settings, rules, keepObjects, secretsOn }: FileCheckOptions): FileWorkerData {
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
