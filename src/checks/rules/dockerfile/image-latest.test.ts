import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { imageLatest } from './image-latest.js';

describe('docker/image-latest', () => {
  it('fires on :latest, also through an ARG default', () => {
    const text = 'ARG T=latest\nFROM node:${T}\n';
    expect(runDockerfileRule(imageLatest, text)).toHaveLength(1);
    expect(runDockerfileRule(imageLatest, text)).toMatchObject([{ line: 2, message: expect.stringContaining('"node:latest"') }]);
  });
  it('stays quiet for versions and latest pinned by digest', () => {
    expect(runDockerfileRule(imageLatest, 'FROM node:20\nFROM node:latest@sha256:abc\n')).toEqual([]);
  });
  it('maps to hadolint DL3007', () => {
    expect(imageLatest.meta.aliases.hadolint).toEqual(['DL3007']);
  });
});
