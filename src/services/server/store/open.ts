import { resolve } from 'node:path';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import { Store } from './store.js';

export const DEFAULT_DATABASE = 'sqlite:./rampart-server.db';

/** `sqlite:PATH` (relative to `cwd`), `sqlite::memory:` or `postgres://...`/`postgresql://...`. */
export function openStore(url: string, cwd = process.cwd()): Store {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return new Store(openPostgres(url));
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (!path) throw new Error('--database sqlite: needs a path, e.g. sqlite:./rampart-server.db');
    return new Store(openSqlite(path === ':memory:' ? path : resolve(cwd, path)));
  }
  throw new Error(`--database must be sqlite:PATH or postgres://..., not "${redactUrl(url)}"`);
}

/** A connection URL may carry a password: messages show the scheme and host only. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
