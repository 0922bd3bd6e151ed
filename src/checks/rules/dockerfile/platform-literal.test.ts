import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { platformLiteral } from './platform-literal.js';

describe('docker/platform-literal', () => {
  it('fires on a literal --platform', () => {
    const text = 'FROM --platform=linux/amd64 alpine:3.19\n';
    expect(runDockerfileRule(platformLiteral, text)).toHaveLength(1);
    expect(runDockerfileRule(platformLiteral, text)).toMatchObject([{ line: 1, message: expect.stringContaining('linux/amd64') }]);
  });
  it('stays quiet for $BUILDPLATFORM or no flag', () => {
    expect(runDockerfileRule(platformLiteral, 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nFROM alpine:3.19\n')).toEqual([]);
  });
  it('maps to hadolint DL3029', () => {
    expect(platformLiteral.meta.aliases.hadolint).toEqual(['DL3029']);
  });
});
