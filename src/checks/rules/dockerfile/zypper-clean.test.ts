import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { zypperClean } from './zypper-clean.js';

describe('docker/zypper-clean', () => {
  it('fires without zypper clean', () => {
    const text = 'FROM s:15\nRUN zypper -n install x\n';
    expect(runDockerfileRule(zypperClean, text)).toHaveLength(1);
    expect(runDockerfileRule(zypperClean, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet with zypper cc', () => {
    expect(runDockerfileRule(zypperClean, 'FROM s:15\nRUN zypper -n in x && zypper cc -a\n')).toEqual([]);
  });
  it('maps to hadolint DL3036', () => {
    expect(zypperClean.meta.aliases.hadolint).toEqual(['DL3036']);
  });
});
