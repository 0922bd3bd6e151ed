import { describe, expect, it } from 'vitest';
import { excludeMatcher } from './exclude.js';

describe('excludeMatcher', () => {
  it('matches a slash-less glob at any depth and a glob with a slash from the start', () => {
    const excluded = excludeMatcher(['*.min.js', 'vendor', 'charts/*/tests/**']);
    expect(excluded('app/site.min.js')).toBe(true);
    expect(excluded('a/b/vendor')).toBe(true);
    expect(excluded('charts/web/tests/t.yaml')).toBe(true);
    expect(excluded('x/charts/web/tests/t.yaml')).toBe(false);
    expect(excluded('app/site.js')).toBe(false);
  });

  it('matches dotfiles and excludes nothing without globs', () => {
    expect(excludeMatcher(['*.env'])('.env')).toBe(true);
    expect(excludeMatcher(['.env*'])('config/.env.local')).toBe(true);
    expect(excludeMatcher([])('anything')).toBe(false);
  });

  it('reads `dir/` and `./dir` as the directory, as command lines write them', () => {
    expect(excludeMatcher(['vendor/'])('a/vendor')).toBe(true);
    expect(excludeMatcher(['./deploy/vendor/'])('deploy/vendor')).toBe(true);
    expect(excludeMatcher(['./deploy/vendor/'])('x/deploy/vendor')).toBe(false);
    expect(excludeMatcher(['vendor/'])('vendored')).toBe(false);
  });
});
