import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { pipefail } from './pipefail.js';

describe('docker/pipefail', () => {
  it('fires on a pipe without pipefail, per stage', () => {
    const hits = runDockerfileRule(pipefail, 'FROM a:1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl x | tar x\nFROM b:1\nRUN curl x | tar x\n');
    expect(hits.map((h) => h.line)).toEqual([5]);
  });
  it('stays quiet with SHELL pipefail, inline set -o pipefail, a non-POSIX shell, or no pipe', () => {
    expect(runDockerfileRule(pipefail, 'FROM a:1\nRUN set -euo pipefail; curl x | tar x\nRUN echo "a | b" && ls\nSHELL ["pwsh", "-Command"]\nRUN Get-Item x | Remove-Item\n')).toEqual([]);
  });
  it('maps to hadolint DL4006', () => {
    expect(pipefail.meta.aliases.hadolint).toEqual(['DL4006']);
  });
});
