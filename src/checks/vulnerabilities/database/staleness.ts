import { existsSync } from 'node:fs';
import { statePathFor } from './location.js';
import { openDatabase, type OsvDatabase } from './query.js';
import { readState, type DatabaseSource } from './update-state.js';

export const DEFAULT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90m`, `12h`, `3d`, `2w` (a bare number is days) to milliseconds; undefined when unreadable. */
export function parseMaxAge(text: string): number | undefined {
  const match = /^(\d{1,6})([smhdw]?)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNITS[match[2] || 'd']!;
}

/** `3 days`, `5 hours`, `12 minutes`: the largest whole unit, for messages. */
export function formatAge(ms: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (ms >= UNITS.d!) return plural(Math.floor(ms / UNITS.d!), 'day');
  if (ms >= UNITS.h!) return plural(Math.floor(ms / UNITS.h!), 'hour');
  return plural(Math.max(0, Math.floor(ms / UNITS.m!)), 'minute');
}

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
