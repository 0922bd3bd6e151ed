import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * `$RAMPART_DB`, else `<cache>/rampart/osv/osv.sqlite` with `<cache>` from `$XDG_CACHE_HOME` or
 * `~/.cache`. A relative `$XDG_CACHE_HOME` is ignored, as the XDG spec requires.
 */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, home: string = homedir(), cwd: string = process.cwd()): string {
  if (env.RAMPART_DB) return resolve(cwd, env.RAMPART_DB);
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg && isAbsolute(xdg) ? xdg : join(home, '.cache');
  return join(cache, 'rampart', 'osv', 'osv.sqlite');
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
