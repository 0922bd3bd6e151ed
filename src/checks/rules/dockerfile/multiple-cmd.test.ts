import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { multipleCmd } from './multiple-cmd.js';

describe('docker/multiple-cmd', () => {
  it('fires on the overriding instruction of the same stage', () => {
    expect(runDockerfileRule(multipleCmd, 'FROM a:1\nCMD ["a"]\nCMD ["b"]\n').map((h) => h.line)).toEqual([3]);
  });
  it('stays quiet for one per stage', () => {
    expect(runDockerfileRule(multipleCmd, 'FROM a:1 AS x\nCMD ["a"]\nFROM a:1\nCMD ["b"]\n')).toEqual([]);
  });
  it('maps to hadolint DL4003', () => {
    expect(multipleCmd.meta.aliases.hadolint).toEqual(['DL4003']);
  });
});
