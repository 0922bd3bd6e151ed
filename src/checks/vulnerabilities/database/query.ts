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

/** An advisory's own fields, without its affected entries. */
export interface AdvisoryDetails {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  summary?: string;
  /** The record's aliases plus the ids of other records that list this one as an alias, sorted. */
  aliases: string[];
  /** osv-schema 1.7 `upstream`: the ids the record derives from (Debian and Ubuntu name their CVEs there). */
  upstream: string[];
  severity: AdvisorySeverity;
}

/** The parts of an advisory a matcher needs, limited to the affected entries of the queried package. */
export interface AdvisoryRow extends AdvisoryDetails {
  affected: AffectedRow[];
}

/** A package to look up. `nested` also covers the scopes OSV nests under its ecosystem, as advisoriesUnder does. */
export interface PackageQuery {
  ecosystem: string;
  name: string;
  nested?: boolean;
}

/** One affected entry of a queried package and the advisory it belongs to. */
export interface AffectedEntry {
  /** The advisory's key for advisoryDetails, valid while this database is open. */
  advisory: number;
  affected: AffectedRow;
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
  /**
   * advisoriesFor over `ecosystem` and every scope OSV nests under it: `ecosystem:…` (Red Hat repositories such as
   * `Red Hat:enterprise_linux:9::appstream`) and `ecosystem.…` (RHEL 10 minor releases, `Red Hat:enterprise_linux:10.0`).
   */
  advisoriesUnder(ecosystem: string, name: string, options?: QueryOptions): AdvisoryRow[];
  /**
   * The affected entries of many packages, read in one statement: `visit` gets each query's entries in turn (by
   * index into `queries`; queries without entries are skipped), the entries of one advisory next to each other in
   * source order. Entries are built one query at a time and not kept, so a caller that keeps only verdicts never holds
   * every candidate of a large inventory at once. Matching reads these first and the advisories (advisoryDetails)
   * only for entries whose ranges hold the installed version. `visit` must not query this database: the statement
   * is still running.
   */
  eachAffected(queries: readonly PackageQuery[], visit: (query: number, entries: AffectedEntry[]) => void, options?: QueryOptions): void;
  /** The advisories of the given keys (from eachAffected); unknown keys are absent from the map. */
  advisoryDetails(advisories: readonly number[]): Map<number, AdvisoryDetails>;
  /** The full source record, for fields the tables do not model (details, references, credits...). */
  record(id: string): OsvRecord | undefined;
  status(): DatabaseStatus;
  close(): void;
}

/** key index, advisory key, package name as written unless the stored name, purl, versions JSON, ranges JSON */
type AffectedTuple = [number, number, string | null, string | null, string, string];
/** key, id, modified, published, withdrawn, summary, severity, score, severity source, aliases JSON, upstream JSON */
type AdvisoryTuple = [
  number,
  string,
  string,
  string | null,
  string | null,
  string | null,
  CvssSeverity | null,
  number | null,
  string | null,
  string,
  string | null,
];

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
// Most entries list no versions and most records no upstream: skip the parser for those.
const parseList = (json: string | null): string[] => (json === null || json === '[]' ? [] : (JSON.parse(json) as string[]));

function advisoryDetailsOf(row: AdvisoryTuple, aliasedBy: readonly string[] | undefined): AdvisoryDetails {
  const [, id, modified, published, withdrawn, summary, severity, score, source, aliases, upstream] = row;
  const own = parseList(aliases);
  return {
    id,
    modified,
    ...(published ? { published } : {}),
    ...(withdrawn ? { withdrawn } : {}),
    ...(summary ? { summary } : {}),
    aliases: aliasedBy ? [...new Set([...own, ...aliasedBy])].sort(byText) : own.sort(byText),
    upstream: parseList(upstream),
    severity: { score, severity, source },
  };
}

/** Opens a database built by importOsv, read-only. */
export function openDatabase(dbPath: string): OsvDatabase {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    // A scan reads pages all over the file; mapping it saves a read() per page and cut matching time by a third.
    db.pragma('mmap_size = 1073741824');
    const meta = new Map(
      (db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((row) => [row.key, row.value]),
    );
    if (meta.get('schema_version') !== String(SCHEMA_VERSION))
      throw new Error(`${dbPath}: vulnerability database schema ${meta.get('schema_version') ?? 'unknown'}, expected ${SCHEMA_VERSION}; import it again`);

    // Every package of an inventory in one statement: a statement per package cost more in stepping than the lookups,
    // and joining the advisories of every candidate entry cost more than reading the few that match afterwards.
    // The parameter is a JSON array of [query index, ecosystem, stored name]. Text the keys already hold is not read
    // back: turning every column of every candidate into a JS string was a fifth of the statement's cost.
    const affectedQuery = db
      .prepare(
        `SELECT k.key, f.advisory, NULLIF(f.package_name, f.name), f.purl, f.versions, f.ranges
           FROM json_each(?) k JOIN affected f ON f.ecosystem = k.value->>1 AND f.name = k.value->>2
          WHERE ? OR f.withdrawn = 0
          ORDER BY k.value->>0, f.advisory, f.rowid`,
      )
      .raw();
    const detailsQuery = db
      .prepare(
        `SELECT a.rowid, a.id, a.modified, a.published, a.withdrawn, a.summary, a.severity, a.severity_score, a.severity_source,
                a.aliases, a.upstream
           FROM json_each(?) k JOIN advisories a ON a.rowid = k.value`,
      )
      .raw();
    // Records that list one of the given ids as an alias; a parameter of [key, id] pairs.
    const aliasedByQuery = db
      .prepare(
        `SELECT k.value->>0, o.id FROM json_each(?) k
           JOIN aliases x ON x.alias = k.value->>1 JOIN advisories o ON o.rowid = x.advisory`,
      )
      .raw();
    const recordQuery = db.prepare(
      `SELECT r.data, a.record_offset AS offset, a.record_length AS length
         FROM advisories a JOIN records r ON r.chunk = a.record_chunk WHERE a.id = ?`,
    );

    const perEcosystem = JSON.parse(meta.get('per_ecosystem') ?? '{}') as Record<string, number>;
    // The meta table already lists every ecosystem; a range scan of the index would walk every package of the scope.
    const nestedScopes = new Map<string, string[]>();
    const scopesOf = (query: PackageQuery): string[] => {
      if (!query.nested) return [query.ecosystem];
      let scopes = nestedScopes.get(query.ecosystem);
      if (!scopes) {
        const { ecosystem } = query;
        scopes = Object.keys(perEcosystem).filter(
          (candidate) => candidate === ecosystem || candidate.startsWith(`${ecosystem}:`) || candidate.startsWith(`${ecosystem}.`),
        );
        nestedScopes.set(ecosystem, scopes);
      }
      return scopes;
    };

    const eachAffected: OsvDatabase['eachAffected'] = (queries, visit, options = {}) => {
      const keys: Array<[number, string, string]> = [];
      queries.forEach((query, index) => {
        for (const scope of scopesOf(query)) keys.push([index, scope, normalizePackageName(scope, query.name)]);
      });
      if (keys.length === 0) return;
      let current = -1;
      let entries: AffectedEntry[] = [];
      const rows = affectedQuery.iterate(JSON.stringify(keys), options.includeWithdrawn ? 1 : 0) as IterableIterator<AffectedTuple>;
      for (const [key, advisory, written, purl, versions, ranges] of rows) {
        const [index, ecosystem, name] = keys[key]!;
        if (index !== current) {
          if (entries.length > 0) visit(current, entries);
          current = index;
          entries = [];
        }
        entries.push({
          advisory,
          affected: {
            package: purl ? { ecosystem, name: written ?? name, purl } : { ecosystem, name: written ?? name },
            ranges: JSON.parse(ranges) as AffectedRow['ranges'],
            versions: parseList(versions),
          },
        });
      }
      if (entries.length > 0) visit(current, entries);
    };

    const advisoryDetails = (advisories: readonly number[]): Map<number, AdvisoryDetails> => {
      const details = new Map<number, AdvisoryDetails>();
      if (advisories.length === 0) return details;
      const rows = detailsQuery.all(JSON.stringify([...new Set(advisories)])) as AdvisoryTuple[];
      const aliasedBy = new Map<number, string[]>();
      for (const [key, id] of aliasedByQuery.all(JSON.stringify(rows.map((row) => [row[0], row[1]]))) as Array<[number, string]>) {
        const list = aliasedBy.get(key);
        if (list) list.push(id);
        else aliasedBy.set(key, [id]);
      }
      for (const row of rows) details.set(row[0], advisoryDetailsOf(row, aliasedBy.get(row[0])));
      return details;
    };

    const advisoriesOf = (query: PackageQuery, options: QueryOptions): AdvisoryRow[] => {
      let entries: AffectedEntry[] = [];
      eachAffected([query], (_, found) => (entries = found), options);
      const details = advisoryDetails(entries.map((entry) => entry.advisory));
      const rows = new Map<number, AdvisoryRow>();
      for (const { advisory, affected } of entries) {
        let row = rows.get(advisory);
        if (!row) rows.set(advisory, (row = { ...details.get(advisory)!, affected: [] }));
        row.affected.push(affected);
      }
      return [...rows.values()].sort((a, b) => byText(a.id, b.id));
    };

    return {
      advisoriesFor(ecosystem, name, options = {}) {
        return advisoriesOf({ ecosystem, name }, options);
      },
      advisoriesUnder(ecosystem, name, options = {}) {
        return advisoriesOf({ ecosystem, name, nested: true }, options);
      },
      eachAffected,
      advisoryDetails,
      record(id) {
        const row = recordQuery.get(id) as { data: Buffer; offset: number; length: number } | undefined;
        if (!row) return undefined;
        return JSON.parse(gunzipSync(row.data).toString('utf8', row.offset, row.offset + row.length)) as OsvRecord;
      },
      status() {
        return {
          importedAt: meta.get('imported_at') ?? '',
          advisories: Number(meta.get('advisories') ?? 0),
          perEcosystem: { ...perEcosystem },
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
