import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { workdirRelative } from './workdir-relative.js';

describe('docker/workdir-relative', () => {
  it('fires on a relative WORKDIR', () => {
    expect(runDockerfileRule(workdirRelative, 'FROM a:1\nWORKDIR app\n')).toHaveLength(1);
    expect(runDockerfileRule(workdirRelative, 'FROM a:1\nWORKDIR /srv\nWORKDIR app\n')).toMatchObject([{ line: 3, message: 'WORKDIR "app" is relative' }]);
  });
  it('stays quiet for absolute, variable and Windows paths', () => {
    expect(runDockerfileRule(workdirRelative, 'FROM a:1\nWORKDIR /app\nWORKDIR $HOME\nWORKDIR C:\\app\n')).toEqual([]);
  });
  it('maps to hadolint DL3000', () => {
    expect(workdirRelative.meta.aliases.hadolint).toEqual(['DL3000']);
  });
});
