import { describe, expect, it } from 'vitest';
import { curlPipeShell } from './curl-pipe-shell.js';
import { runImageRule, withHistory } from './testdata/run.js';

describe('image/curl-pipe-shell', () => {
  it('fires on a BuildKit RUN piping curl into sh, without quoting build-argument values', () => {
    const hits = runImageRule(curlPipeShell, 'app-buildkit');
    expect(hits).toEqual([
      {
        ruleId: 'image/curl-pipe-shell',
        line: 5,
        fieldPath: 'history[4].created_by',
        message: 'history[4] pipes "curl" output into "sh": "RUN curl -fsSL https://get.example.com/install.sh | sh"',
      },
    ]);
  });

  it('fires on classic RUN lines with wget and bash', () => {
    expect(runImageRule(curlPipeShell, withHistory('/bin/sh -c wget -qO- https://x/install | bash -s -- --yes'))).toHaveLength(1);
  });

  it('stays quiet for downloads to files, sh -c, and non-RUN steps', () => {
    expect(runImageRule(curlPipeShell, 'nginx-classic')).toEqual([]);
    expect(
      runImageRule(curlPipeShell, withHistory('/bin/sh -c curl -fsSLo /tmp/i.sh https://x && sh /tmp/i.sh', "/bin/sh -c curl https://x | sh -c 'cat > /f'", '/bin/sh -c #(nop)  LABEL x=curl|sh')),
    ).toEqual([]);
  });
});
