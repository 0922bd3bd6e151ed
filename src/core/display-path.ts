import { relative, sep } from 'node:path';

/** `to` relative to `from` with `/` on every platform; empty when they are the same. */
export function relativePosix(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/**
 * How a report names a file: relative to the directory the user ran from, with `/` on every platform, so findings,
 * fingerprints and baselines are the same on Windows and Linux. The directory itself is `.`.
 */
export function displayPath(cwd: string, path: string): string {
  return relativePosix(cwd, path) || '.';
}
