import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { pipNoCacheDir } from './pip-no-cache-dir.js';

describe('docker/pip-no-cache-dir', () => {
  it('fires without --no-cache-dir in shipped stages', () => {
    const text = 'FROM p:3\nRUN pip install x==1\n';
    expect(runDockerfileRule(pipNoCacheDir, text)).toHaveLength(1);
    expect(runDockerfileRule(pipNoCacheDir, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet with --no-cache-dir or PIP_NO_CACHE_DIR', () => {
    expect(runDockerfileRule(pipNoCacheDir, 'FROM p:3\nRUN pip install --no-cache-dir x==1 && PIP_NO_CACHE_DIR=1 pip install y==1\n')).toEqual([]);
  });
  it('checks builder stages too', () => {
    expect(runDockerfileRule(pipNoCacheDir, 'FROM p:3 AS build\nRUN pip install x==1\nFROM p:3\nCOPY --from=build /a /a\n').map((h) => h.line)).toEqual([2]);
  });
  it('stays quiet with a pip cache mount, and has no hadolint alias (DL3042 flags cache mounts and PIP_NO_CACHE_DIR=0)', () => {
    expect(runDockerfileRule(pipNoCacheDir, 'FROM p:3\nRUN --mount=type=cache,target=/root/.cache/pip pip install x==1\n')).toEqual([]);
    expect(pipNoCacheDir.meta.aliases.hadolint).toBeUndefined();
  });
});
