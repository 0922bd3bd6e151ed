import { sep } from 'node:path';

/**
 * True when `path` is `root` or below it. Both are real paths, absolute and normalised, so a prefix ending at a
 * separator says it: `path.relative` resolved both on every call, once per directory and kernel mount point of a walk.
 */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : `${root}${sep}`);
}
