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
/** Batches in flight per file worker of its own core: enough to keep it busy, few enough that texts do not pile up. */
const IN_FLIGHT_PER_WORKER = 3;
/**
 * Batches in flight to a worker sharing its core: this thread runs the rules of most of their files meanwhile, and
 * must not stop to wait for the worker.
 */
const SHARED_IN_FLIGHT = 48;
const MAX_THREADS = 4;

interface Slot {
  ready: CheckedEntry[] | undefined;
  promise: Promise<CheckedEntry[]>;
}

/** The workers a large scan checks files on besides this thread, and which of its files they check whole. */
interface Offload {
  pool: WorkerPool;
  fromWire: typeof import('./wire.js').fromWire;
  /** Whether a file may go to a worker whole (parse, rules, search); the rest are only searched there. */
  whole: (file: TextFile) => boolean;
  /** Text sent whole and not back yet; from `maxSentBytes` on, the worker is behind and this thread checks files itself. */
  sentBytes: number;
  maxSentBytes: number;
  inFlight: number;
}

/**
 * The source's entries, each text entry followed (possibly later, never out of order) by its checked outcome. Large
 * scans check files on worker threads, in batches, or, with fewer cores, the large ones on one worker that also
 * searches the texts of the rest for secrets while this thread runs their rules; everything else passes through once
 * the outcomes of the text entries before it are yielded, so the report is the same, byte for byte, with workers or
 * without.
 */
export async function* checkedEntries(entries: AsyncIterable<SourceEntry>, options: FileCheckOptions): AsyncGenerator<SourceEntry | CheckedEntry> {
  let planned = false;
  const slots: Slot[] = [];
  let batch: TextFile[] = [];
  let batchBytes = 0;
  let seenBytes = 0;
  let largeBytes = 0;
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
    const results = checkedBatch(files, offload, checks, options, metaOf);
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
      if (file.text.length >= workerLaunch.wholeBytes) largeBytes += file.text.length;
      checks ??= await import('../file-checks.js');
      if (!planned && (seenBytes >= workerLaunch.minBytes || largeBytes >= workerLaunch.minLargeBytes)) {
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
      while (slots.length >= offload.inFlight) yield* await slots.shift()!.promise;
    }
    dispatch();
    while (slots.length > 0) yield* await slots.shift()!.promise;
  } finally {
    await offload?.pool.close();
  }
}

/**
 * A batch's outcomes, in order: the files the worker takes whole come back from it, the rest are checked here; all of
 * them here while the worker is not ready yet.
 */
function checkedBatch(files: TextFile[], offload: Offload, checks: typeof import('../file-checks.js'), options: FileCheckOptions, metaOf: (ruleId: string) => RuleMeta): Promise<CheckedEntry[]> {
  const { pool, fromWire } = offload;
  if (pool.error) throw pool.error;
  // A worker takes 0.1 to 0.4 s to load its rules on a busy core (from the bundle or the module tree): batches sent
  // before then would wait, and a scan of a few megabytes would end waiting for the worker's start.
  if (!pool.ready) return Promise.resolve(files.map((file) => ({ type: 'checked', file: file.file, outcome: checks.checkTextFile(file, options) })));
  const sendsWhole = files.map((file) => takesWhole(offload, file));
  const sent = files.filter((_, i) => sendsWhole[i]);
  const kept = files.filter((_, i) => !sendsWhole[i]);
  const sentBytes = sent.reduce((sum, file) => sum + file.text.length, 0);
  // Both sent first, so the worker works while the rules of the kept files run here.
  const checked = sent.length > 0 ? pool.run<WireOutcome>('check', sent).finally(() => (offload.sentBytes -= sentBytes)) : Promise.resolve([]);
  const searched = kept.length > 0 && options.secretsOn ? pool.run<WireHit[]>('search', kept) : Promise.resolve([]);
  const unsearched = kept.map((file) => checks.checkTextFileButSearch(file, options));
  return Promise.all([checked, searched]).then(([outcomes, found]) => {
    let [nextSent, nextKept] = [0, 0];
    return files.map((file, i): CheckedEntry => {
      if (sendsWhole[i]) return { type: 'checked', file: file.file, outcome: fromWire(outcomes[nextSent++]!, metaOf) };
      const hits = found[nextKept]?.map((hit) => fromWireHit(hit, metaOf)) ?? [];
      return { type: 'checked', file: file.file, outcome: checks.withTextSecrets(unsearched[nextKept++]!, hits) };
    });
  });
}

/** Whether `file` goes to the worker whole, counted as sent if so: not while the worker is `maxSentBytes` behind. */
function takesWhole(offload: Offload, file: TextFile): boolean {
  if (!offload.whole(file) || offload.sentBytes >= offload.maxSentBytes) return false;
  offload.sentBytes += file.text.length;
  return true;
}

/**
 * The workers a large scan starts. RAMPART_THREADS: that many file workers, and 0 none at all. Otherwise one file
 * worker per core but the scanning thread's (at most four) when there are four cores or more and two of them are
 * idle, each checking whole files; else, with a second core, one worker that checks the large files whole and searches
 * the texts of the others for secrets, while this thread runs their rules.
 */
async function startOffload(options: FileCheckOptions): Promise<Offload | undefined> {
  const configured = configuredThreads();
  if (configured === 0) return undefined;
  // Workers of their own shorten a scan only on idle cores, and only with several: they add CPU (copies of every
  // outcome, a heap, a JIT and collector threads each). On 2 busy cores, 2 of them took 25-35% more CPU and 1.3x the
  // wall time of one thread; what the scanning thread keeps (reading, set rules, the report) bounds the gain.
  const cores = availableParallelism();
  const threads = configured ?? (cores >= 4 && cores - loadavg()[0] >= 2 ? Math.min(MAX_THREADS, cores - 1) : 0);
  // Whole objects for users' policies stay in this thread, where the compiled policies are.
  const sendsWhole = !options.keepWhole;
  // Without rules this thread has little else to do than read, and a shared core's worker costs more than it wins
  // (a scan for secrets alone of a dependency tree: the same wall time, 25% more CPU, 100 MB more memory).
  const shares = threads > 0 || (options.rules && cores >= 2);
  if (!shares || !(sendsWhole || options.secretsOn) || !(await runsBuiltInRulesOnly(options))) return undefined;
  const { fromWire } = await import('./wire.js');
  const perCore = threads > 0 && sendsWhole;
  const pool = new WorkerPool(workerLaunch.fileWorker, perCore ? threads : 1, fileWorkerData(options));
  if (workerLaunch.awaitStart) await pool.whenReady();
  if (perCore) return { pool, fromWire, whole: () => true, sentBytes: 0, maxSentBytes: Infinity, inFlight: threads * IN_FLIGHT_PER_WORKER };
  // A file's rules cost this thread far more than its text's copy to the worker, and a large file's outcome comes back
  // small (CRDs and dashboards are kept as their identity, pipeline/retain.ts): the large files go whole while the
  // worker keeps up, which moved a quarter of this thread's CPU on the real-manifest corpus.
  const { wholeBytes, maxSentBytes } = workerLaunch;
  return { pool, fromWire, whole: (file) => sendsWhole && file.text.length >= wholeBytes, sentBytes: 0, maxSentBytes, inFlight: SHARED_IN_FLIGHT };
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
