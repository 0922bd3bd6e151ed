import picomatch from 'picomatch';

/**
 * `--exclude` and the config's `exclude`: whether a path (relative, `/`-separated) matches one of the globs. A glob
 * without a `/` matches a file or directory name at any depth (`*.min.js`, `vendor`); dotfiles are matched too.
 */
export function excludeMatcher(globs: readonly string[]): (path: string) => boolean {
  const matchers = globs.map((glob) => picomatch(glob, { dot: true, matchBase: !glob.includes('/') }));
  return (path) => matchers.some((match) => match(path));
}
