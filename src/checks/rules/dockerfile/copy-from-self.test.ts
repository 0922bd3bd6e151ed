import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { copyFromSelf } from './copy-from-self.js';

describe('docker/copy-from-self', () => {
  it('fires on its own alias or index only', () => {
    expect(runDockerfileRule(copyFromSelf, 'FROM a:1 AS x\nCOPY --from=x /a /a\nFROM b:1\nCOPY --from=1 /a /a\nCOPY --from=x /a /a\n').map((h) => h.line)).toEqual([2, 4]);
  });
  it('stays quiet for earlier stages, by name or index, and images', () => {
    expect(runDockerfileRule(copyFromSelf, 'FROM a:1 AS x\nFROM b:1\nCOPY --from=x /a /a\nCOPY --from=0 /b /b\nCOPY --from=nginx:1.25 /c /c\n')).toEqual([]);
  });
  it('maps to hadolint DL3023', () => {
    expect(copyFromSelf.meta.aliases.hadolint).toEqual(['DL3023']);
  });
});
