import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { parseOsvRecord, parseOsvTime, type OsvRecord, type SkipCode, type SkipReason } from './model.js';
import { normalizePackageName } from './names.js';
import { createTables, finishTables, SCHEMA_VERSION } from './schema.js';
import { advisorySeverity } from './severity.js';
import { readOsvSources } from './sources.js';
import type { ZipLimits } from './zip.js';

export interface ImportProgress {
  /** Documents read from the source so far. */
  processed: number;
  /** Records written (a record replaced by a newer one counts once). */
  stored: number;
  skipped: number;
}

export interface ImportOptions {
  /** Called after every committed batch and once at the end. Throwing aborts the import. */
  onProgress?: (progress: ImportProgress) => void;
  zipLimits?: ZipLimits;
  /** Records per transaction. */
  batchSize?: number;
}

export interface SkippedRecord {
  origin: string;
  reason: SkipReason;
}

export interface ImportResult {
  /** Distinct advisory ids in the new database. */
  advisories: number;
  /** Advisories per ecosystem (as OSV names it, `Debian:12` included). */
  perEcosystem: Record<string, number>;
  /** Same id seen again with a newer `modified`: the older copy was dropped. */
  replaced: number;
  /** Same id seen again with an older or equal `modified`: this copy was ignored. */
  ignoredOlder: number;
  skipped: SkippedRecord[];
  skippedByCode: Partial<Record<SkipCode, number>>;
}

const gzipAsync = promisify(gzip);
const DEFAULT_BATCH = 5000;
/** Source records per gzip chunk: ~64 KB of JSON, cheap to re-read one record from. */
const CHUNK_RECORDS = 32;
/** What a stored range keeps (its own and its events' keys): the rest of the record stays in the source JSON. */
const RANGE_FIELDS = ['type', 'repo', 'events', 'introduced', 'fixed', 'last_affected', 'limit'];

/** The osv-schema 1.7 `upstream` ids (validated as strings) as a JSON array, null when there are none. */
function upstreamOf(record: OsvRecord): string | null {
  const ids = [...new Set(record.upstream ?? [])];
  return ids.length > 0 ? JSON.stringify(ids) : null;
}

/** Prepared statements for one record's rows. */
function writer(db: Database.Database) {
  const advisory = db.prepare(
    `INSERT INTO advisories (id, modified, published, withdrawn, summary, severity, severity_score, severity_source, aliases, upstream,
                             record_chunk, record_offset, record_length)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const chunk = db.prepare('INSERT INTO records (chunk, data) VALUES (?, ?)');
  const alias = db.prepare('INSERT INTO aliases (advisory, alias) VALUES (?, ?)');
  const affected = db.prepare(
    'INSERT INTO affected (advisory, withdrawn, ecosystem, name, package_name, purl, versions, ranges) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const supersede = db.prepare('INSERT INTO superseded (advisory) VALUES (?)');

  let chunkId = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  // Compression runs on the libuv pool, beside the inserts on this thread.
  let compressing: Array<Promise<void>> = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const id = chunkId;
    const done = gzipAsync(pending.join(''), { level: 1 }).then((data) => void chunk.run(id, data));
    done.catch(() => undefined); // reported by drain(); this only stops an unhandled-rejection report
    compressing.push(done);
    chunkId++;
    pending = [];
    pendingBytes = 0;
  };

  return {
    supersede: (rowid: number): void => void supersede.run(rowid),
    /** Writes every source record still held in memory; call before each commit. */
    async drain(): Promise<void> {
      flush();
      const running = compressing;
      compressing = [];
      await Promise.all(running);
    },
    /** Waits out compression still running after a failure, so nothing touches the closed database. */
    async settle(): Promise<void> {
      await Promise.allSettled(compressing);
    },
    insert(record: OsvRecord, text: string): number {
      const severity = advisorySeverity(record);
      const length = Buffer.byteLength(text, 'utf8');
      const offset = pendingBytes;
      const aliases = [...new Set(record.aliases ?? [])].filter((name) => name !== record.id);
      pending.push(text);
      pendingBytes += length;
      const id = Number(
        advisory.run(
          record.id,
          record.modified,
          record.published ?? null,
          record.withdrawn ?? null,
          record.summary ?? null,
          severity.severity,
          severity.score,
          severity.source,
          JSON.stringify(aliases),
          upstreamOf(record),
          chunkId,
          offset,
          length,
        ).lastInsertRowid,
      );
      for (const name of aliases) alias.run(id, name);
      for (const entry of record.affected ?? []) {
        const pkg = entry.package;
        affected.run(
          id,
          record.withdrawn !== undefined ? 1 : 0,
          pkg?.ecosystem ?? null,
          pkg ? normalizePackageName(pkg.ecosystem, pkg.name) : null,
          pkg?.name ?? null,
          pkg?.purl ?? null,
          JSON.stringify(entry.versions ?? []),
          JSON.stringify(entry.ranges ?? [], RANGE_FIELDS),
        );
      }
      if (pending.length >= CHUNK_RECORDS) flush();
      return id;
    },
  };
}

function tempPathFor(dbPath: string): string {
  return join(dirname(dbPath), `.${basename(dbPath)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

function durable(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Builds a fresh database from `source` (directories of `*.json`, JSON files, or zips such as
 * OSV's `all.zip`, in that order) beside `dbPath`, then renames it over `dbPath`. Until that rename the previous
 * database is untouched, so a failed or interrupted import never leaves a broken one behind.
 * Malformed records are skipped and reported, never fatal.
 */
export async function importOsv(source: string | readonly string[], dbPath: string, options: ImportOptions = {}): Promise<ImportResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const tempPath = tempPathFor(dbPath);
  const db = new Database(tempPath);
  let open = true;
  let write: ReturnType<typeof writer> | undefined;
  try {
    // Nothing is shared until the rename, so journaling and syncing buy nothing during the build.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -65536');
    db.pragma('page_size = 8192');
    createTables(db);
    write = writer(db);
    const seen = new Map<string, { rowid: number; modified: number }>();
    const skipped: SkippedRecord[] = [];
    const skippedByCode: Partial<Record<SkipCode, number>> = {};
    let processed = 0;
    let replaced = 0;
    let ignoredOlder = 0;
    const progress = (): void => options.onProgress?.({ processed, stored: seen.size, skipped: skipped.length });

    db.exec('BEGIN');
    for await (const document of readOsvSources(source, options.zipLimits)) {
      processed++;
      const parsed: ReturnType<typeof parseOsvRecord> =
        document.format === 'other'
          ? { ok: false, reason: { code: 'not-osv-file', detail: 'not a .json or .yaml file' } }
          : parseOsvRecord(document.text, document.format);
      if (!parsed.ok) {
        skipped.push({ origin: document.origin, reason: parsed.reason });
        skippedByCode[parsed.reason.code] = (skippedByCode[parsed.reason.code] ?? 0) + 1;
      } else {
        const record = parsed.record;
        const modified = parseOsvTime(record.modified);
        const previous = seen.get(record.id);
        if (previous && previous.modified >= modified) {
          ignoredOlder++;
        } else {
          if (previous) {
            write.supersede(previous.rowid);
            replaced++;
          }
          seen.set(record.id, { rowid: write.insert(record, document.text), modified });
        }
      }
      if (processed % batchSize === 0) {
        await write.drain();
        db.exec('COMMIT');
        progress();
        db.exec('BEGIN');
      }
    }
    await write.drain();
    db.exec('COMMIT');
    finishTables(db);
    const perEcosystem = Object.fromEntries(
      (
        db
          .prepare(
            'SELECT ecosystem, COUNT(DISTINCT advisory) AS n FROM affected WHERE ecosystem IS NOT NULL GROUP BY ecosystem ORDER BY ecosystem',
          )
          .all() as Array<{ ecosystem: string; n: number }>
      ).map((row) => [row.ecosystem, row.n]),
    );
    const meta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    meta.run('schema_version', String(SCHEMA_VERSION));
    meta.run('imported_at', new Date().toISOString());
    meta.run('per_ecosystem', JSON.stringify(perEcosystem));
    meta.run('advisories', String(seen.size));
    progress();
    db.close();
    open = false;
    durable(tempPath);
    renameSync(tempPath, dbPath);
    return { advisories: seen.size, perEcosystem, replaced, ignoredOlder, skipped, skippedByCode };
  } catch (error) {
    await write?.settle();
    if (open) db.close();
    rmSync(tempPath, { force: true });
    throw error;
  }
}
