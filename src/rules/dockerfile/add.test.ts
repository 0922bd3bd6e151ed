import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../testing/dockerfile.js';
import { addInsteadOfCopy } from './add-instead-of-copy.js';
import { addLocalArchive } from './add-local-archive.js';
import { addRemoteUrl } from './add-remote-url.js';

describe('docker/add-instead-of-copy', () => {
  it('fires on ADD of local files', () => {
    expect(runDockerfileRule(addInsteadOfCopy, 'FROM a:1\nADD app/ config.yaml /srv/\n')).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet for URLs, archives, heredocs and COPY', () => {
    expect(runDockerfileRule(addInsteadOfCopy, 'FROM a:1\nADD https://x/y.bin /y\nADD app.tar.gz /srv\nCOPY a /b\nADD <<EOF /x\nhi\nEOF\n')).toEqual([]);
  });
});

describe('docker/add-remote-url', () => {
  it('fires on ADD of a URL without --checksum', () => {
    expect(runDockerfileRule(addRemoteUrl, 'FROM a:1\nADD https://example.com/tool.tgz /tmp/\n')).toHaveLength(1);
  });
  it('stays quiet with --checksum, a commit-pinned git source, or local files', () => {
    expect(runDockerfileRule(addRemoteUrl, `FROM a:1\nADD --checksum=sha256:abc https://x/t.tgz /t\nADD https://github.com/o/r.git#${'a'.repeat(40)} /src\nADD app /app\n`)).toEqual([]);
  });
});

describe('docker/add-local-archive', () => {
  it('fires on ADD of a local tarball', () => {
    expect(runDockerfileRule(addLocalArchive, 'FROM a:1\nADD rootfs.tar.xz /\n')).toHaveLength(1);
  });
  it('stays quiet for remote archives and plain files', () => {
    expect(runDockerfileRule(addLocalArchive, 'FROM a:1\nADD https://x/y.tar.gz /y\nADD file.txt /f\n')).toEqual([]);
  });
});
