import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import type { CvssSeverity } from './cvss/index.js';
import type { OsvEvent, OsvRangeType, OsvRecord } from './model.js';
import { normalizePackageName } from './names.js';
import { SCHEMA_VERSION } from './schema.js';
import type { AdvisorySeverity } from './severity.js';

export interface AffectedRow {
  package: { ecosystem: string; name: string; purl?: string };
  ranges: Array<{ type: OsvRangeType; repo?: string; events: OsvEvent[] }>;
  versions: string[];
}

/** The parts of an advisory a matcher needs, limited to the affected entries of the queried package. */
export interface AdvisoryRow {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  summary?: string;
  /** The record's aliases plus the ids of other records that list this one as an alias. */
  aliases: string[];
  severity: AdvisorySeverity;
  affected: AffectedRow[];
}

export interface DatabaseStatus {
  importedAt: string;
  advisories: number;
  perEcosystem: Record<string, number>;
}

export interface QueryOptions {
  /** Withdrawn advisories are left out unless asked for. */
  includeWithdrawn?: boolean;
}

export interface OsvDatabase {
  advisoriesFor(ecosystem: string, name: string, options?: QueryOptions): AdvisoryRow[];
  /** The full source record, for fields the tables do not model (details, references, credits...). */
  record(id: string): OsvRecord | undefined;
  status(): DatabaseStatus;
  close(): void;
}

interface AffectedJoin {
  affected: number;
  advisory: number;
  ecosystem: string;
  package_name: string;
  purl: string | null;
  versions: string;
  id: string;
  modified: string;
  published: string | null;
  withdrawn: string | null;
  summary: string | null;
  severity: CvssSeverity | null;
  severity_score: number | null;
  severity_source: string | null;
}

/** Opens a database built by importOsv, read-only. */
export function openDatabase(dbPath: string): OsvDatabase {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const meta = new Map(
      (db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((row) => [row.key, row.value]),
    );
    if (meta.get('schema_version') !== String(SCHEMA_VERSION))
      throw new Error(`${dbPath}: vulnerability database schema ${meta.get('schema_version') ?? 'unknown'}, expected ${SCHEMA_VERSION}; import it again`);

    const affectedQuery = db.prepare(
      `SELECT f.rowid AS affected, f.advisory, f.ecosystem, f.package_name, f.purl, f.versions,
              a.id, a.modified, a.published, a.withdrawn, a.summary, a.severity, a.severity_score, a.severity_source
         FROM affected f JOIN advisories a ON a.rowid = f.advisory
        WHERE f.ecosystem = ? AND f.name = ?
        ORDER BY a.id, f.rowid`,
    );
    const rangesQuery = db.prepare('SELECT type, repo, events FROM ranges WHERE affected = ? ORDER BY rowid');
    const aliasesQuery = db
      .prepare(
        `SELECT alias FROM aliases WHERE advisory = ?
         UNION SELECT a.id FROM aliases x JOIN advisories a ON a.rowid = x.advisory WHERE x.alias = ? AND x.advisory <> ?
         ORDER BY 1`,
      )
      .pluck();
    const recordQuery = db.prepare(
      `SELECT r.data, a.record_offset AS offset, a.record_length AS length
         FROM advisories a JOIN records r ON r.chunk = a.record_chunk WHERE a.id = ?`,
    );

    const affectedRow = (row: AffectedJoin): AffectedRow => ({
      package: { ecosystem: row.ecosystem, name: row.package_name, ...(row.purl ? { purl: row.purl } : {}) },
      ranges: (rangesQuery.all(row.affected) as Array<{ type: OsvRangeType; repo: string | null; events: string }>).map((range) => ({
        type: range.type,
        ...(range.repo ? { repo: range.repo } : {}),
        events: JSON.parse(range.events) as OsvEvent[],
      })),
      versions: JSON.parse(row.versions) as string[],
    });

    return {
      advisoriesFor(ecosystem, name, options = {}) {
        const byAdvisory = new Map<number, AdvisoryRow>();
        for (const row of affectedQuery.all(ecosystem, normalizePackageName(ecosystem, name)) as AffectedJoin[]) {
          if (row.withdrawn && !options.includeWithdrawn) continue;
          let advisory = byAdvisory.get(row.advisory);
          if (!advisory) {
            advisory = {
              id: row.id,
              modified: row.modified,
              ...(row.published ? { published: row.published } : {}),
              ...(row.withdrawn ? { withdrawn: row.withdrawn } : {}),
              ...(row.summary ? { summary: row.summary } : {}),
              aliases: aliasesQuery.all(row.advisory, row.id, row.advisory) as string[],
              severity: { score: row.severity_score, severity: row.severity, source: row.severity_source },
              affected: [],
            };
            byAdvisory.set(row.advisory, advisory);
          }
          advisory.affected.push(affectedRow(row));
        }
        return [...byAdvisory.values()];
      },
      record(id) {
        const row = recordQuery.get(id) as { data: Buffer; offset: number; length: number } | undefined;
        if (!row) return undefined;
        return JSON.parse(gunzipSync(row.data).toString('utf8', row.offset, row.offset + row.length)) as OsvRecord;
      },
      status() {
        return {
          importedAt: meta.get('imported_at') ?? '',
          advisories: Number(meta.get('advisories') ?? 0),
          perEcosystem: JSON.parse(meta.get('per_ecosystem') ?? '{}') as Record<string, number>,
        };
      },
      close() {
        db.close();
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}
