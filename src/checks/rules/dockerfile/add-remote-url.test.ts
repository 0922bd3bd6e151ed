import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { addRemoteUrl } from './add-remote-url.js';

describe('docker/add-remote-url', () => {
  it('fires on ADD of a URL without --checksum', () => {
    const text = 'FROM a:1\nADD https://example.com/tool.tgz /tmp/\n';
    expect(runDockerfileRule(addRemoteUrl, text)).toHaveLength(1);
    expect(runDockerfileRule(addRemoteUrl, text)).toMatchObject([{ line: 2, message: expect.stringContaining('"https://example.com/tool.tgz"') }]);
  });
  it('stays quiet with --checksum, a commit-pinned git source, or local files', () => {
    expect(runDockerfileRule(addRemoteUrl, `FROM a:1\nADD --checksum=sha256:abc https://x/t.tgz /t\nADD https://github.com/o/r.git#${'a'.repeat(40)} /src\nADD app /app\n`)).toEqual([]);
  });
  it('is medium severity and its remediation shows ADD --checksum', () => {
    expect(addRemoteUrl.meta.severity).toBe('medium');
    expect(addRemoteUrl.meta.remediation).toContain('ADD --checksum=sha256:');
  });
});
