import { describe, expect, it } from 'vitest';
import { APT_IDIOM, runDockerfileRule } from '../../../testing/dockerfile.js';
import { aptPin } from './apt-pin.js';

describe('docker/apt-pin', () => {
  it('fires on unpinned packages only', () => {
    const text = 'FROM d:1\nRUN apt-get install -y -o Dpkg::Options::=--force-confnew curl wget=1.21 ./local.deb $PKG\n';
    expect(runDockerfileRule(aptPin, text)).toMatchObject([{ message: 'apt-get install without version pins: curl' }]);
    expect(runDockerfileRule(aptPin, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet on the canonical idiom', () => {
    expect(runDockerfileRule(aptPin, APT_IDIOM)).toEqual([]);
  });
  it('maps to hadolint DL3008', () => {
    expect(aptPin.meta.aliases.hadolint).toEqual(['DL3008']);
  });
});
