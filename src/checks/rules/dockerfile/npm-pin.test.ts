import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { npmPin } from './npm-pin.js';

describe('docker/npm-pin', () => {
  it('fires on unpinned named packages only', () => {
    const text = 'FROM n:20\nRUN npm install -g typescript @scope/pkg@1.0 left-pad@1.3.0\n';
    expect(runDockerfileRule(npmPin, text)).toMatchObject([{ message: 'npm install without version pins: typescript' }]);
    expect(runDockerfileRule(npmPin, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet for ci, lockfile installs and local paths', () => {
    expect(runDockerfileRule(npmPin, 'FROM n:20\nRUN npm ci && npm install && npm install ./local\n')).toEqual([]);
  });
  it('maps to hadolint DL3016', () => {
    expect(npmPin.meta.aliases.hadolint).toEqual(['DL3016']);
  });
});
