import { createRequire } from 'node:module';

/**
 * A CommonJS package required on first use, synchronously: for code most runs never reach, called from synchronous
 * code that cannot await an `import()`. Start-up then pays nothing for it.
 */
export function lazyRequire<T>(from: string, specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= createRequire(from)(specifier) as T);
}
