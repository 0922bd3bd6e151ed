import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from './display-path.js';

describe('displayPath', () => {
  it.each([
    ['/repo', '/repo/k8s/app.yaml'],
    ['/repo/', '/repo/k8s/app.yaml'],
    ['/', '/etc/passwd'],
    ['/repo', '/repo'],
    ['/repo', '/repository/app.yaml'],
    ['/repo', '/other/app.yaml'],
    ['/repo', '/repo/../etc/passwd'],
    ['/repo', '/repo/./k8s//app.yaml'],
    ['/repo/./sub', '/repo/sub/app.yaml'],
    ['/repo/k8s', '/repo'],
    ['relative/dir', '/repo/app.yaml'],
    ['/repo', '/other/dir/app.yaml'],
    ['/repo/k8s', '/repo/charts/app.yaml'],
    ['/repo/k8s', '/repo/charts/..'],
    ['/repo/k8s', '/repo/charts/.'],
  ])('names %s → %s as path.relative does, with / and `.` for the directory itself', (cwd, path) => {
    expect(displayPath(cwd, path)).toBe(relative(cwd, path) || '.');
  });

  it('names the files of one directory outside cwd, one after another, as path.relative does', () => {
    // The directory's display is kept for the files after it; a change of directory or of cwd must not reuse it.
    // cwd itself and the directories above it are named by `..` alone, never as their parent's child (`../a`).
    const paths = ['/tree/a/x.js', '/tree/a/y.js', '/tree/a/b/z.js', '/tree/a/w.js', '/tree/c/x.js', '/x.js', '/tree/a/x.js', '/tree/a', '/tree', '/tree/a/b', '/repo/sub', '/repo'];
    for (const cwd of ['/repo', '/repo/sub', '/tree/a', '/tree/a', '/tree/a/b', '/']) {
      for (const path of paths) expect(displayPath(cwd, path), `${cwd} ${path}`).toBe(relative(cwd, path) || '.');
    }
  });
});
