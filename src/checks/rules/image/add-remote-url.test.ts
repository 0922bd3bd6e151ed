import { describe, expect, it } from 'vitest';
import { addRemoteUrl } from './add-remote-url.js';
import { runImageRule, withHistory } from './testdata/run.js';

describe('image/add-remote-url', () => {
  it('fires on a BuildKit ADD of a URL without --checksum', () => {
    expect(runImageRule(addRemoteUrl, 'app-buildkit')).toEqual([
      { ruleId: 'image/add-remote-url', line: 7, fieldPath: 'history[6].created_by', message: 'history[6] ADD downloaded "https://example.com/tool-1.4.2.tar.gz" without --checksum' },
    ]);
    expect(runImageRule(addRemoteUrl, withHistory('/bin/sh -c #(nop) ADD http://example.com/a.tgz in /opt/ '))).toHaveLength(1);
  });

  it('stays quiet for checksummed downloads, pinned git sources, local files and the classic file: hashes', () => {
    expect(runImageRule(addRemoteUrl, 'nginx-classic')).toEqual([]);
    expect(
      runImageRule(
        addRemoteUrl,
        withHistory('ADD https://github.com/example/repo.git#0123456789abcdef0123456789abcdef01234567 /src # buildkit', 'ADD app.tar.gz /opt/ # buildkit', 'COPY https://x /y # buildkit'),
      ),
    ).toEqual([]);
  });
});
