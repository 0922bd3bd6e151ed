import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { runCd } from './run-cd.js';

describe('docker/run-cd', () => {
  it('fires on cd in RUN', () => {
    const text = 'FROM a:1\nRUN cd /src && make\n';
    expect(runDockerfileRule(runCd, text)).toHaveLength(1);
    expect(runDockerfileRule(runCd, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet without cd', () => {
    expect(runDockerfileRule(runCd, 'FROM a:1\nWORKDIR /src\nRUN make -C /src && echo cd\n')).toEqual([]);
  });
  it('maps to hadolint DL3003', () => {
    expect(runCd.meta.aliases.hadolint).toEqual(['DL3003']);
  });
});
