import { describe, expect, it } from 'vitest';
import { APT_IDIOM, runDockerfileRule } from '../../../testing/dockerfile.js';
import { aptDistUpgrade } from './apt-dist-upgrade.js';

describe('docker/apt-dist-upgrade', () => {
  it('fires on dist-upgrade', () => {
    const text = 'FROM d:1\nRUN apt-get update && apt-get dist-upgrade -y\n';
    expect(runDockerfileRule(aptDistUpgrade, text)).toHaveLength(1);
    expect(runDockerfileRule(aptDistUpgrade, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet for upgrade and on the canonical idiom', () => {
    expect(runDockerfileRule(aptDistUpgrade, 'FROM d:1\nRUN apt-get update && apt-get upgrade -y\n')).toEqual([]);
    expect(runDockerfileRule(aptDistUpgrade, APT_IDIOM)).toEqual([]);
  });
  it('maps to Trivy DS024 in both forms', () => {
    expect(aptDistUpgrade.meta.aliases.trivy).toEqual(['DS024', 'AVD-DS-0024']);
  });
});
