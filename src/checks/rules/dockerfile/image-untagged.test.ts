import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { imageUntagged } from './image-untagged.js';

describe('docker/image-untagged', () => {
  it('fires on an untagged base image', () => {
    expect(runDockerfileRule(imageUntagged, 'FROM ubuntu\n')).toMatchObject([{ line: 1, message: expect.stringContaining('"ubuntu"') }]);
  });
  it('stays quiet for tags, digests, scratch, stage references and resolved ARG versions', () => {
    expect(runDockerfileRule(imageUntagged, 'ARG VERSION=22.04\nFROM ubuntu:${VERSION} AS base\nFROM base\nFROM scratch\nFROM alpine@sha256:abc\nFROM ${UNKNOWN}\n')).toEqual([]);
  });
  it('maps to hadolint DL3006', () => {
    expect(imageUntagged.meta.aliases.hadolint).toEqual(['DL3006']);
  });
});
