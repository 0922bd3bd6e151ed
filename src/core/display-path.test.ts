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
  ])('names %s → %s as path.relative does, with / and `.` for the directory itself', (cwd, path) => {
    expect(displayPath(cwd, path)).toBe(relative(cwd, path) || '.');
  });
});
