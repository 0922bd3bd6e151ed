import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { maintainer } from './maintainer.js';

describe('docker/maintainer', () => {
  it('fires on MAINTAINER', () => {
    const text = 'FROM a:1\nMAINTAINER me@example.com\n';
    expect(runDockerfileRule(maintainer, text)).toHaveLength(1);
    expect(runDockerfileRule(maintainer, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet for LABEL', () => {
    expect(runDockerfileRule(maintainer, 'FROM a:1\nLABEL maintainer=me\n')).toEqual([]);
  });
  it('maps to hadolint DL4000', () => {
    expect(maintainer.meta.aliases.hadolint).toEqual(['DL4000']);
  });
});
