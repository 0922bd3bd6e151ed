import picomatch from 'picomatch';

/**
 * `--exclude` and the config's `exclude`: whether a path (relative, `/`-separated) matches one of the globs. A glob
 * without a `/` matches a file or directory name at any depth (`*.min.js`, `vendor`); dotfiles are matched too.
 */
export function excludeMatcher(globs: readonly string[]): (path: string) => boolean {
  const matchers = globs.map(normalizeGlob).map((glob) => picomatch(glob, { dot: true, matchBase: !glob.includes('/') }));
  return (path) => matchers.some((match) => match(path));
}

/**
 * `vendor/` and `./vendor` are how people write a directory on a command line (and how Trivy's --skip-dirs takes
 * one); the walk names directories without either, so both are dropped: `vendor/` excludes the directory.
 */
function normalizeGlob(glob: string): string {
  const trimmed = glob.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' ? glob : trimmed;
}
