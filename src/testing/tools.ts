import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * A real tool the tests run (helm, cosign): the path in `envVar`, else the one `script` builds into the per-machine
 * cache (as scripts/install-*.sh do), else `name` on PATH. A missing tool fails the suite rather than skipping it, so
 * nothing that needs it is ever silently untested.
 */
export function findTestTool(tool: { name: string; version: string; envVar: string; script: string }): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const candidates = [
    process.env[tool.envVar],
    join(cache, `rampart-tools/${tool.name}-${tool.version}/${tool.name}`),
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, tool.name)),
  ];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(`${tool.name} not found: run ${tool.script}, or set ${tool.envVar}=/path/to/${tool.name}`);
}
