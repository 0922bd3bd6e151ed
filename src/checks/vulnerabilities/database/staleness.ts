import { existsSync } from 'node:fs';
import { statePathFor } from './location.js';
import { openDatabase, type OsvDatabase } from './query.js';
import { readState, type DatabaseSource } from './update-state.js';
import { DEFAULT_MAX_AGE_MS, formatAge } from './max-age.js';

const HOW_TO_BUILD = 'run `rampart db update` (or `rampart db import` offline)';

export type OpenedDatabase = { ok: true; db: OsvDatabase } | { ok: false; message: string };

/** openDatabase, with a message saying what to do instead of an exception when there is no usable database. */
export function openDatabaseOrExplain(path: string): OpenedDatabase {
  if (!existsSync(path)) return { ok: false, message: `no vulnerability database at ${path}: ${HOW_TO_BUILD}` };
  try {
    const db = openDatabase(path);
    db.status();
    return { ok: true, db };
  } catch (error) {
    return { ok: false, message: `cannot use the vulnerability database at ${path} (${(error as Error).message}): ${HOW_TO_BUILD}` };
  }
}

export interface DatabaseReport {
  path: string;
  importedAt: string;
  ageSeconds: number;
  advisories: number;
  perEcosystem: Record<string, number>;
  /** Where the data came from; null when the state file does not describe this database. */
  source: DatabaseSource | null;
  maxAgeSeconds: number;
  stale: boolean;
}

export type DescribedDatabase = { ok: true; report: DatabaseReport } | { ok: false; message: string };

/** What `rampart db status` shows. */
export function describeDatabase(path: string, now: Date, maxAgeMs: number = DEFAULT_MAX_AGE_MS): DescribedDatabase {
  const opened = openDatabaseOrExplain(path);
  if (!opened.ok) return opened;
  let status;
  try {
    status = opened.db.status();
  } finally {
    opened.db.close();
  }
  const built = readState(statePathFor(path)).built;
  const ageMs = ageOf(status.importedAt, now);
  return {
    ok: true,
    report: {
      path,
      importedAt: status.importedAt,
      ageSeconds: Math.floor(ageMs / 1000),
      advisories: status.advisories,
      perEcosystem: status.perEcosystem,
      source: built && built.importedAt === status.importedAt ? built.source : null,
      maxAgeSeconds: Math.floor(maxAgeMs / 1000),
      stale: ageMs > maxAgeMs,
    },
  };
}

/** An unreadable import time counts as infinitely old: better a needless warning than a missed one. */
function ageOf(importedAt: string, now: Date): number {
  const time = Date.parse(importedAt);
  return Number.isNaN(time) ? Number.POSITIVE_INFINITY : Math.max(0, now.getTime() - time);
}

export function staleWarning(path: string, importedAt: string, now: Date): string {
  const age = ageOf(importedAt, now);
  const when = Number.isFinite(age) ? `${formatAge(age)} old (imported ${importedAt})` : 'of unknown age';
  return `the vulnerability database at ${path} is ${when}: run \`rampart db update\` for recent advisories`;
}

/** The warning `scan` and `image` print when the database is older than `maxAgeMs`; undefined when fresh or absent. */
export function databaseAgeWarning(dbPath: string, now: Date, maxAgeMs: number = DEFAULT_MAX_AGE_MS): string | undefined {
  const described = describeDatabase(dbPath, now, maxAgeMs);
  if (!described.ok || !described.report.stale) return undefined;
  return staleWarning(dbPath, described.report.importedAt, now);
}
