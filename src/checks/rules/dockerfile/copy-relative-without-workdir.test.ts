import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { copyRelativeWithoutWorkdir } from './copy-relative-without-workdir.js';

describe('docker/copy-relative-without-workdir', () => {
  it('fires on a relative destination before any WORKDIR', () => {
    const text = 'FROM a:1\nCOPY app.js .\n';
    expect(runDockerfileRule(copyRelativeWithoutWorkdir, text)).toHaveLength(1);
    expect(runDockerfileRule(copyRelativeWithoutWorkdir, text)).toMatchObject([{ line: 2, message: expect.stringContaining('"."') }]);
  });
  it('stays quiet after WORKDIR (also inherited), or with absolute destinations', () => {
    expect(runDockerfileRule(copyRelativeWithoutWorkdir, 'FROM a:1 AS base\nWORKDIR /app\nCOPY a.js ./\nFROM base\nCOPY b.js .\nFROM c:1\nCOPY c.js /srv/\n')).toEqual([]);
  });
  it('maps to hadolint DL3045', () => {
    expect(copyRelativeWithoutWorkdir.meta.aliases.hadolint).toEqual(['DL3045']);
  });
});
