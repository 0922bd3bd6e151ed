/** Values both drivers bind: timestamps are epoch milliseconds and booleans 0/1, so one schema fits both. */
export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

/** One connection's worth of statements, with `?` placeholders whichever the dialect. */
export interface SqlExecutor {
  all<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Several statements without parameters (migrations). */
  exec(script: string): Promise<void>;
}

export type Dialect = 'sqlite' | 'postgres';

export interface SqlDriver extends SqlExecutor {
  readonly dialect: Dialect;
  /** Runs `body` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(body: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL numbers its placeholders; the store writes `?` (never inside a literal) and the driver renumbers. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** `(?, ?, ?), (?, ?, ?)`: multi-row VALUES lists keep a 5,000-row ingest to a few round trips. */
export function valuesList(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/**
 * Splits rows into batches that stay under both drivers' bound-parameter limits (SQLite: 32,766; pg: 65,535). Large
 * batches cost less CPU than short statements on SQLite too (measured: 70 against 100 ms for 5,000 findings).
 */
export function* batches<T>(items: readonly T[], columns: number, maxParams = 30_000): Generator<T[]> {
  const size = Math.max(1, Math.floor(maxParams / columns));
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
