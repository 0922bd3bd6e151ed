import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { cacheRoot } from '../../../core/cache-dir.js';

/** `$RAMPART_DB`, else `osv/osv.sqlite` in the cache directory (core/cache-dir.ts: `$RAMPART_CACHE_DIR`, XDG, ~/.cache). */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, home: string = homedir(), cwd: string = process.cwd()): string {
  if (env.RAMPART_DB) return resolve(cwd, env.RAMPART_DB);
  return join(cacheRoot(env, home, cwd), 'osv', 'osv.sqlite');
}

/** The database a command uses: `--db PATH` (relative to `cwd`) or the default. */
export function resolveDatabasePath(option: string | undefined, env: NodeJS.ProcessEnv, cwd: string, home: string = homedir()): string {
  return option ? resolve(cwd, option) : defaultDatabasePath(env, home, cwd);
}

/** Download state (ETags, what the database was built from), beside the database. */
export function statePathFor(dbPath: string): string {
  return `${dbPath}.state.json`;
}

/** Cached `all.zip` downloads of one database, so an unchanged ecosystem is rebuilt without a download. */
export function downloadsDirFor(dbPath: string): string {
  return `${dbPath}.downloads`;
}

/** Held while an update or import runs, so two of them cannot interleave their state writes. */
export function lockPathFor(dbPath: string): string {
  return `${dbPath}.lock`;
}
