import { describe, expect, it } from 'vitest';
import { ancestorPaths, isWithin, normalizeEntryPath, resolveSymlinkTarget } from './paths.js';

describe('normalizeEntryPath', () => {
  it('strips ./, leading slashes and empty segments', () => {
    expect(normalizeEntryPath('./etc/passwd')).toBe('etc/passwd');
    expect(normalizeEntryPath('/etc//passwd/')).toBe('etc/passwd');
    expect(normalizeEntryPath('etc/./x')).toBe('etc/x');
  });

  it('rejects traversal and the root itself', () => {
    expect(normalizeEntryPath('../x')).toBeUndefined();
    expect(normalizeEntryPath('a/../../x')).toBeUndefined();
    expect(normalizeEntryPath('a/..')).toBeUndefined();
    expect(normalizeEntryPath('./')).toBeUndefined();
    expect(normalizeEntryPath('')).toBeUndefined();
    expect(normalizeEntryPath('a/..b')).toBe('a/..b');
  });
});

describe('path helpers', () => {
  it('lists ancestors and tests containment', () => {
    expect(ancestorPaths('a/b/c')).toEqual(['a', 'a/b']);
    expect(ancestorPaths('a')).toEqual([]);
    expect(isWithin('a/b', 'a')).toBe(true);
    expect(isWithin('ab', 'a')).toBe(false);
    expect(isWithin('x', '')).toBe(true);
  });

  it('resolves symlink targets without leaving the root', () => {
    expect(resolveSymlinkTarget('bin/sh', 'busybox')).toBe('bin/busybox');
    expect(resolveSymlinkTarget('a/b/c', '../../../../../../x')).toBe('x');
    expect(resolveSymlinkTarget('lib', '/usr/lib')).toBe('usr/lib');
  });
});
