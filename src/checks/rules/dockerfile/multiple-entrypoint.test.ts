import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { multipleEntrypoint } from './multiple-entrypoint.js';

describe('docker/multiple-entrypoint', () => {
  it('fires on the overriding instruction of the same stage', () => {
    const text = 'FROM a:1\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n';
    expect(runDockerfileRule(multipleEntrypoint, text)).toHaveLength(1);
    expect(runDockerfileRule(multipleEntrypoint, text)).toMatchObject([{ line: 3, message: expect.stringContaining('line 2') }]);
  });
  it('stays quiet for one per stage', () => {
    expect(runDockerfileRule(multipleEntrypoint, 'FROM a:1\nENTRYPOINT ["a"]\nCMD ["b"]\n')).toEqual([]);
    expect(runDockerfileRule(multipleEntrypoint, 'FROM a:1 AS x\nENTRYPOINT ["a"]\nFROM a:1\nENTRYPOINT ["b"]\n')).toEqual([]);
  });
  it('maps to hadolint DL4004', () => {
    expect(multipleEntrypoint.meta.aliases.hadolint).toEqual(['DL4004']);
  });
});
