import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The path users should see: relative to `cwd` when the file lies inside it, with forward slashes
 * so reports are identical on every OS. Files outside `cwd` keep their absolute path.
 */
export function displayPath(file: string, cwd?: string): string {
  let path = file;
  if (cwd && isAbsolute(file)) {
    const rel = relative(cwd, file);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) path = rel;
  }
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * A URI reference for a displayed path: relative paths are percent-encoded segment by segment (so
 * `#`, `%`, spaces and a colon that would read as a scheme survive), absolute ones become file URLs.
 */
export function pathToUriReference(path: string): { uri: string; relative: boolean } {
  if (isAbsolute(path) || /^[A-Za-z]:\//.test(path)) return { uri: pathToFileURL(path).href, relative: false };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), relative: true };
}

/** SARIF needs a trailing slash on base URIs, or the last segment is dropped when resolving. */
export function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}
