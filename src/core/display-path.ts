import { isAbsolute, relative, sep } from 'node:path';

/** `to` relative to `from` with `/` on every platform; empty when they are the same. */
export function relativePosix(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/**
 * How a report names a file: relative to the directory the user ran from, with `/` on every platform, so findings,
 * fingerprints and baselines are the same on Windows and Linux. The directory itself is `.`.
 */
export function displayPath(cwd: string, path: string): string {
  return inside(cwd, path) ?? besideLast(cwd, path) ?? (relativePosix(cwd, path) || '.');
}

/** The last directory `besideLast` named through `relative`, for the files after it in the same directory. */
let lastDirectory = { cwd: '', dir: '', display: '' };

/**
 * A tree outside `cwd` (`rampart secrets /elsewhere`) lists its files directory by directory: the display of a file is
 * its directory's, named once through `relative`, and its own name. Normalized absolute paths only, as in `inside`.
 */
function besideLast(cwd: string, path: string): string | undefined {
  const slash = path.lastIndexOf(sep);
  if (slash <= 0 || slash === path.length - 1 || !isAbsolute(cwd) || !isAbsolute(path) || UNNORMALIZED.test(path) || UNNORMALIZED.test(cwd)) return undefined;
  // cwd itself or a directory above it is named by `..` segments alone, not as its parent's child.
  if (onPathOf(cwd, path)) return undefined;
  const dir = path.slice(0, slash);
  if (lastDirectory.cwd !== cwd || lastDirectory.dir !== dir) lastDirectory = { cwd, dir, display: relativePosix(cwd, dir) };
  const name = path.slice(slash + 1);
  return lastDirectory.display === '' ? name : `${lastDirectory.display}/${name}`;
}

/** A path or segment `relative` would have to normalize: `.` or `..` segments, doubled separators. */
const UNNORMALIZED = /(^|[\\/])\.\.?([\\/]|$)|[\\/]{2}/;

/**
 * The common case without `relative`, which resolves both paths on every call (a fifth of the path work of a
 * secret search over a tree of small files): a normalized absolute path below an absolute `cwd`.
 */
function inside(cwd: string, path: string): string | undefined {
  const prefix = cwd.endsWith(sep) ? cwd : cwd + sep;
  if (!path.startsWith(prefix) || path.length === prefix.length || !isAbsolute(cwd) || UNNORMALIZED.test(cwd) || UNNORMALIZED.test(path)) return undefined;
  const rest = path.slice(prefix.length);
  return sep === '/' ? rest : rest.split(sep).join('/');
}

/** Whether `path` is `cwd` or a directory above it; Windows compares as its `path.relative` does, ignoring case. */
function onPathOf(cwd: string, path: string): boolean {
  const [from, to] = sep === '\\' ? [cwd.toLowerCase(), path.toLowerCase()] : [cwd, path];
  return from === to || from.startsWith(to.endsWith(sep) ? to : `${to}${sep}`);
}
