import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { imageNoDigest } from './image-no-digest.js';

describe('docker/image-no-digest', () => {
  it('fires on a tag without digest', () => {
    expect(runDockerfileRule(imageNoDigest, 'FROM node:20-alpine\n')).toHaveLength(1);
    expect(runDockerfileRule(imageNoDigest, 'FROM node:20@sha256:abc AS a\nFROM node:20-alpine\n')).toMatchObject([{ line: 2, message: expect.stringContaining('"node:20-alpine"') }]);
  });
  it('stays quiet with a digest, for scratch, stage references and latest/untagged (other rules)', () => {
    expect(runDockerfileRule(imageNoDigest, 'FROM node:20@sha256:abc AS a\nFROM a\nFROM scratch\nFROM node\nFROM node:latest\n')).toEqual([]);
  });
  it('is low severity: a tag is already pinned, the digest only makes it immutable', () => {
    expect(imageNoDigest.meta.severity).toBe('low');
  });
});
