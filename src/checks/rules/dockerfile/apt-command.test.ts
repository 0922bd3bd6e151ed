import { describe, expect, it } from 'vitest';
import { APT_IDIOM, runDockerfileRule } from '../../../testing/dockerfile.js';
import { aptCommand } from './apt-command.js';

describe('docker/apt-command', () => {
  it('fires on apt', () => {
    const text = 'FROM d:1\nRUN apt install -y x\n';
    expect(runDockerfileRule(aptCommand, text)).toHaveLength(1);
    expect(runDockerfileRule(aptCommand, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet on the canonical apt-get idiom', () => {
    expect(runDockerfileRule(aptCommand, APT_IDIOM)).toEqual([]);
  });
  it('maps to hadolint DL3027', () => {
    expect(aptCommand.meta.aliases.hadolint).toEqual(['DL3027']);
  });
});
