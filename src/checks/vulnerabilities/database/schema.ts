import type { Database } from 'better-sqlite3';

/** Bumped whenever the tables change; openDatabase refuses other versions so callers re-import. */
export const SCHEMA_VERSION = 2;

// Child tables carry the advisory rowid so a superseded record is removed with one pass per table.
const TABLES = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE advisories (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL,
  modified TEXT NOT NULL,
  published TEXT,
  withdrawn TEXT,
  summary TEXT,
  severity TEXT,
  severity_score REAL,
  severity_source TEXT,
  aliases TEXT NOT NULL,  -- JSON array of the record's own aliases; the aliases table answers the reverse question
  upstream TEXT,          -- JSON array of the osv-schema 1.7 'upstream' ids; NULL when the record names none
  -- where the source JSON sits, for features that need fields not modelled here
  record_chunk INTEGER NOT NULL,
  record_offset INTEGER NOT NULL,
  record_length INTEGER NOT NULL
);
-- Source records, gzipped in chunks of consecutive records: one gzip call per record costs more
-- than all the inserts together, and chunks compress to half the size.
CREATE TABLE records (chunk INTEGER PRIMARY KEY, data BLOB NOT NULL);
-- Which records list an id as an alias: the record's own list is the column above.
CREATE TABLE aliases (advisory INTEGER NOT NULL, alias TEXT NOT NULL);
CREATE TABLE affected (
  rowid INTEGER PRIMARY KEY,
  advisory INTEGER NOT NULL,
  withdrawn INTEGER NOT NULL, -- 1 when the advisory is: matching skips those without reading the advisory
  ecosystem TEXT,         -- NULL for GIT-only entries without a package
  name TEXT,              -- normalizePackageName(ecosystem, package.name)
  package_name TEXT,      -- as the advisory wrote it
  purl TEXT,
  versions TEXT NOT NULL, -- JSON array of the explicit versions; one row per version tripled the import time
  -- JSON array of {type, repo?, events} in source order: always read whole with its entry, and a table of ranges
  -- cost a subquery per entry that made matching a large inventory a third slower
  ranges TEXT NOT NULL
);
CREATE TABLE superseded (advisory INTEGER PRIMARY KEY);
`;

// Built after the bulk load: filling indexes row by row would slow the import several times over.
const INDEXES = `
CREATE UNIQUE INDEX advisories_id ON advisories (id);
CREATE INDEX aliases_alias ON aliases (alias);
CREATE INDEX affected_package ON affected (ecosystem, name);
`;

export function createTables(db: Database): void {
  db.exec(TABLES);
}

/** Drops rows of records replaced by a newer `modified`, then indexes. */
export function finishTables(db: Database): void {
  const hasSuperseded = db.prepare('SELECT 1 FROM superseded LIMIT 1').get() !== undefined;
  if (hasSuperseded) {
    for (const table of ['aliases', 'affected', 'advisories']) {
      const column = table === 'advisories' ? 'rowid' : 'advisory';
      db.exec(`DELETE FROM ${table} WHERE ${column} IN (SELECT advisory FROM superseded)`);
    }
  }
  db.exec('DROP TABLE superseded');
  db.exec(INDEXES);
}
