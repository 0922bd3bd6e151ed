import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** For formats that show the offending line: read lazily, once per file. */
export function sourceReader(cwd: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      try {
        cache.set(file, readFileSync(resolve(cwd, file), 'utf8'));
      } catch {
        cache.set(file, undefined);
      }
    }
    return cache.get(file);
  };
}
