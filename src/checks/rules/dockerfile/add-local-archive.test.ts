import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { addLocalArchive } from './add-local-archive.js';

describe('docker/add-local-archive', () => {
  it('fires on ADD of a local tarball', () => {
    const text = 'FROM a:1\nADD rootfs.tar.xz /\n';
    expect(runDockerfileRule(addLocalArchive, text)).toHaveLength(1);
    expect(runDockerfileRule(addLocalArchive, text)).toMatchObject([{ line: 2, message: expect.stringContaining('"rootfs.tar.xz"') }]);
  });
  it('stays quiet for remote archives and plain files', () => {
    expect(runDockerfileRule(addLocalArchive, 'FROM a:1\nADD https://x/y.tar.gz /y\nADD file.txt /f\n')).toEqual([]);
  });
  it('is low severity and its remediation extracts explicitly with tar', () => {
    expect(addLocalArchive.meta.severity).toBe('low');
    expect(addLocalArchive.meta.remediation).toContain('RUN tar -xzf');
  });
});
