import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { SqlDriver, SqlExecutor, SqlValue, Row } from './sql.js';

/**
 * better-sqlite3 is synchronous and one connection holds one transaction: an async transaction body could let
 * another request's statements run inside it. Every statement and transaction therefore waits its turn on one queue;
 * each statement takes microseconds, so the queue costs nothing measurable.
 */
export function openSqlite(path: string): SqlDriver {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  const executor: SqlExecutor = {
    async all<T extends Row>(sql: string, params: readonly SqlValue[] = []) {
      const statement = prepared(sql);
      return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
    },
    async run(sql, params = []) {
      return prepared(sql).run(...params).changes;
    },
    async exec(script) {
      db.exec(script);
    },
  };
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    dialect: 'sqlite',
    all: (sql, params) => serialized(() => executor.all(sql, params)),
    run: (sql, params) => serialized(() => executor.run(sql, params)),
    exec: (script) => serialized(() => executor.exec(script)),
    transaction: (body) =>
      serialized(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await body(executor);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw error;
        }
      }),
    close: () => serialized(async () => void db.close()),
  };
}
