/**
 * Layer entry names are archive paths, not host paths: `./etc/passwd`, `/etc/passwd` and `etc//passwd` all mean
 * `etc/passwd`. Returns undefined for names that climb with `..` (never legitimate in a layer, and a classic
 * extraction exploit) or that name the root itself.
 */
export function normalizeEntryPath(name: string): string | undefined {
  const segments: string[] = [];
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') return undefined;
    segments.push(segment);
  }
  return segments.length === 0 ? undefined : segments.join('/');
}

export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `a/b/c` → `a`, `a/b`: the directories an entry implies. */
export function ancestorPaths(path: string): string[] {
  const ancestors: string[] = [];
  for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) ancestors.push(path.slice(0, at));
  return ancestors;
}

/** True when `path` is `prefix` itself or inside it. */
export function isWithin(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

/**
 * Where a symlink at `linkPath` points, inside the image. `..` stops at the image root, as it does for a process
 * chrooted into the image, so no target can name anything outside it.
 */
export function resolveSymlinkTarget(linkPath: string, target: string): string {
  const segments = target.startsWith('/') ? [] : parentPath(linkPath).split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}
