import pg from 'pg';
import { numberPlaceholders, type Row, type SqlDriver, type SqlExecutor, type SqlValue } from './sql.js';

const INT8_OID = 20;
/** Ids and epoch-millisecond timestamps are BIGINT; every value the store keeps stays below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Connections per replica; the API, the worker and the scheduler share them. */
  max?: number;
  /** A statement that runs longer is cancelled by the server, so a stuck query cannot hold a connection forever. */
  statementTimeoutMs?: number;
}

function executorOf(client: pg.PoolClient | pg.Pool): SqlExecutor {
  return {
    async all<T extends Row>(sql: string, params: readonly SqlValue[] = []) {
      return (await client.query<T>(numberPlaceholders(sql), params as SqlValue[])).rows;
    },
    async run(sql, params = []) {
      return (await client.query(numberPlaceholders(sql), params as SqlValue[])).rowCount ?? 0;
    },
    async exec(script) {
      await client.query(script);
    },
  };
}

export function openPostgres(url: string, options: PostgresOptions = {}): SqlDriver {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    statement_timeout: options.statementTimeoutMs ?? 60_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection (a server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const direct = executorOf(pool);
  return {
    dialect: 'postgres',
    ...direct,
    async transaction(body) {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await body(executorOf(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dropped rather than handed to the next transaction.
        broken = await client.query('ROLLBACK').then(() => false, () => true);
        throw error;
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
