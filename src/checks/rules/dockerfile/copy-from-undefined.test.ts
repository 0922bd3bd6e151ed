import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { copyFromUndefined } from './copy-from-undefined.js';

describe('docker/copy-from-undefined', () => {
  it('fires on typos, later stages and missing indexes', () => {
    const text = 'FROM a:1 AS build\nFROM b:1\nCOPY --from=biuld /a /a\nCOPY --from=later /b /b\nCOPY --from=7 /c /c\nFROM c:1 AS later\n';
    expect(runDockerfileRule(copyFromUndefined, text).map((h) => h.line)).toEqual([3, 4, 5]);
  });
  it('stays quiet for earlier stages (any case), indexes and image references', () => {
    expect(runDockerfileRule(copyFromUndefined, 'FROM a:1 AS Build\nFROM b:1\nCOPY --from=build /a /a\nCOPY --from=0 /a /a\nCOPY --from=nginx:1.25 /etc/nginx /n\n')).toEqual([]);
  });
  it('maps to hadolint DL3022', () => {
    expect(copyFromUndefined.meta.aliases.hadolint).toEqual(['DL3022']);
  });
});
