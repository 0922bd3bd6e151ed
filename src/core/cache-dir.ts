import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

/**
 * The one directory every Rampart cache lives under (the OSV database in `osv/`, compiled Rego bundles in `rego/`):
 * `$RAMPART_CACHE_DIR` (`--cache-dir`), else `$XDG_CACHE_HOME/rampart`, else `~/.cache/rampart`. A relative
 * `$XDG_CACHE_HOME` is ignored, as the XDG spec requires; a relative `$RAMPART_CACHE_DIR` is taken from `cwd`.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, home: string = homedir(), cwd: string = process.cwd()): string {
  if (env.RAMPART_CACHE_DIR) return resolve(cwd, env.RAMPART_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'rampart');
}
