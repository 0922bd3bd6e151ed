import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { curlPipeShell } from './curl-pipe-shell.js';

describe('docker/curl-pipe-shell', () => {
  it('fires on curl|sh, wget|bash, and inside heredoc scripts', () => {
    const piped = 'FROM a:1\nRUN curl -fsSL https://x/i.sh | sh\nRUN wget -qO- https://x | sudo bash -s -- -y\n';
    const heredoc = 'FROM a:1\nRUN <<EOF\nset -e\ncurl -s https://x | python3\nEOF\n';
    expect(runDockerfileRule(curlPipeShell, piped)).toHaveLength(2);
    expect(runDockerfileRule(curlPipeShell, heredoc)).toHaveLength(1);
    expect(runDockerfileRule(curlPipeShell, piped).map((h) => h.line)).toEqual([2, 3]);
    expect(runDockerfileRule(curlPipeShell, heredoc)).toMatchObject([{ line: 2, message: '"curl" output is piped into "python3"' }]);
  });
  it('stays quiet for downloads piped to tar or saved then verified, and quoted pipes', () => {
    expect(runDockerfileRule(curlPipeShell, 'FROM a:1\nRUN curl -fsSL https://x.tgz | tar -xz\nRUN curl -o i.sh https://x && sha256sum -c s && sh i.sh\nRUN echo "curl x | sh"\n')).toEqual([]);
  });
  it('is high severity', () => {
    expect(curlPipeShell.meta.severity).toBe('high');
  });
});
