import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../testing/dockerfile.js';
import { chmodWorldWritable } from './chmod-world-writable.js';
import { curlPipeShell } from './curl-pipe-shell.js';
import { pipefail } from './pipefail.js';
import { runCd } from './run-cd.js';
import { sudo } from './sudo.js';

describe('docker/curl-pipe-shell', () => {
  it('fires on curl|sh, wget|bash, and inside heredoc scripts', () => {
    expect(runDockerfileRule(curlPipeShell, 'FROM a:1\nRUN curl -fsSL https://x/i.sh | sh\nRUN wget -qO- https://x | sudo bash -s -- -y\n')).toHaveLength(2);
    expect(runDockerfileRule(curlPipeShell, 'FROM a:1\nRUN <<EOF\nset -e\ncurl -s https://x | python3\nEOF\n')).toHaveLength(1);
  });
  it('stays quiet for downloads piped to tar or saved then verified, and quoted pipes', () => {
    expect(runDockerfileRule(curlPipeShell, 'FROM a:1\nRUN curl -fsSL https://x.tgz | tar -xz\nRUN curl -o i.sh https://x && sha256sum -c s && sh i.sh\nRUN echo "curl x | sh"\n')).toEqual([]);
  });
});

describe('docker/sudo', () => {
  it('fires on sudo', () => {
    expect(runDockerfileRule(sudo, 'FROM a:1\nRUN sudo apt-get update\n')).toHaveLength(1);
  });
  it('stays quiet when sudo is only a package name or a word', () => {
    expect(runDockerfileRule(sudo, 'FROM a:1\nRUN apt-get install -y sudo=1.9 && echo sudo\n')).toEqual([]);
  });
});

describe('docker/run-cd', () => {
  it('fires on cd in RUN', () => {
    expect(runDockerfileRule(runCd, 'FROM a:1\nRUN cd /src && make\n')).toHaveLength(1);
  });
  it('stays quiet without cd', () => {
    expect(runDockerfileRule(runCd, 'FROM a:1\nWORKDIR /src\nRUN make -C /src && echo cd\n')).toEqual([]);
  });
});

describe('docker/pipefail', () => {
  it('fires on a pipe without pipefail, per stage', () => {
    const hits = runDockerfileRule(pipefail, 'FROM a:1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl x | tar x\nFROM b:1\nRUN curl x | tar x\n');
    expect(hits.map((h) => h.line)).toEqual([5]);
  });
  it('stays quiet with SHELL pipefail, inline set -o pipefail, a non-POSIX shell, or no pipe', () => {
    expect(runDockerfileRule(pipefail, 'FROM a:1\nRUN set -euo pipefail; curl x | tar x\nRUN echo "a | b" && ls\nSHELL ["pwsh", "-Command"]\nRUN Get-Item x | Remove-Item\n')).toEqual([]);
  });
});

describe('docker/chmod-world-writable', () => {
  it('fires on chmod 777, -R 0666, a+w and COPY --chmod=777', () => {
    expect(runDockerfileRule(chmodWorldWritable, 'FROM a:1\nRUN chmod 777 /app\nRUN chmod -R 0666 /data\nRUN chmod a+rwx /x\nCOPY --chmod=777 a /a\n')).toHaveLength(4);
  });
  it('stays quiet for 755, sticky 1777 and u+w', () => {
    expect(runDockerfileRule(chmodWorldWritable, 'FROM a:1\nRUN chmod 755 /app && chmod 1777 /tmp && chmod u+w /x && chmod +x /y\n')).toEqual([]);
  });
});
