import { describe, expect, it } from 'vitest';
import { APT_IDIOM, runDockerfileRule } from '../../../testing/dockerfile.js';
import { aptAssumeYes } from './apt-assume-yes.js';

describe('docker/apt-assume-yes', () => {
  it('fires on a bare install', () => {
    const text = 'FROM d:1\nRUN apt-get install x=1\n';
    expect(runDockerfileRule(aptAssumeYes, text)).toHaveLength(1);
    expect(runDockerfileRule(aptAssumeYes, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet with -qy, -qq and on the canonical idiom', () => {
    expect(runDockerfileRule(aptAssumeYes, 'FROM d:1\nRUN apt-get -qy install x=1 && apt-get install -qq y=1\n')).toEqual([]);
    expect(runDockerfileRule(aptAssumeYes, APT_IDIOM)).toEqual([]);
  });
  it('maps to hadolint DL3014', () => {
    expect(aptAssumeYes.meta.aliases.hadolint).toEqual(['DL3014']);
  });
});
