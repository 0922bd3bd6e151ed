import { MIGRATIONS, migrationSql, type Migration } from './migrations.js';
import type { SqlDriver } from './sql.js';

/** Any constant works: replicas starting together take this lock so one applies the migrations and the others wait. */
const MIGRATION_LOCK_KEY = 7_231_877;

export interface MigrationOutcome {
  applied: number[];
  version: number;
}

/**
 * Brings the schema up to date in one transaction: every pending step and its `schema_migrations` row commit
 * together, or nothing does. A database newer than this program is refused rather than used half-understood.
 */
export async function migrate(driver: SqlDriver, migrations: readonly Migration[] = MIGRATIONS, now = Date.now()): Promise<MigrationOutcome> {
  return driver.transaction(async (tx) => {
    if (driver.dialect === 'postgres') await tx.all('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${driver.dialect === 'postgres' ? 'BIGINT' : 'INTEGER'} NOT NULL)`);
    const rows = await tx.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    const done = new Set(rows.map((row) => Number(row.version)));
    const latest = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > latest) throw new Error(`the database schema is version ${newest}, newer than this rampart understands (${latest}): upgrade rampart`);
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await tx.exec(migrationSql(migration, driver.dialect));
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, now]);
      applied.push(migration.version);
    }
    return { applied, version: latest };
  });
}
