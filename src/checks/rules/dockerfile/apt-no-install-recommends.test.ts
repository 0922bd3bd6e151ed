import { describe, expect, it } from 'vitest';
import { APT_IDIOM, runDockerfileRule } from '../../../testing/dockerfile.js';
import { aptNoInstallRecommends } from './apt-no-install-recommends.js';

describe('docker/apt-no-install-recommends', () => {
  it('fires on a bare install', () => {
    const text = 'FROM d:1\nRUN apt-get install -y x=1\n';
    expect(runDockerfileRule(aptNoInstallRecommends, text)).toHaveLength(1);
    expect(runDockerfileRule(aptNoInstallRecommends, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet with APT::Install-Recommends=false and on the canonical idiom', () => {
    expect(runDockerfileRule(aptNoInstallRecommends, 'FROM d:1\nRUN apt-get install -y -o APT::Install-Recommends=false x=1\n')).toEqual([]);
    expect(runDockerfileRule(aptNoInstallRecommends, APT_IDIOM)).toEqual([]);
  });
  it('maps to hadolint DL3015', () => {
    expect(aptNoInstallRecommends.meta.aliases.hadolint).toEqual(['DL3015']);
  });
});
