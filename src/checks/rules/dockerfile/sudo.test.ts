import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { sudo } from './sudo.js';

describe('docker/sudo', () => {
  it('fires on sudo', () => {
    const text = 'FROM a:1\nRUN sudo apt-get update\n';
    expect(runDockerfileRule(sudo, text)).toHaveLength(1);
    expect(runDockerfileRule(sudo, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet when sudo is only a package name or a word', () => {
    expect(runDockerfileRule(sudo, 'FROM a:1\nRUN apt-get install -y sudo=1.9 && echo sudo\n')).toEqual([]);
  });
  it('maps to hadolint DL3004', () => {
    expect(sudo.meta.aliases.hadolint).toEqual(['DL3004']);
  });
});
