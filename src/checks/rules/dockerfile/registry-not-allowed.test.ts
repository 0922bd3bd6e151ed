import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { registryNotAllowed } from './registry-not-allowed.js';

describe('docker/registry-not-allowed', () => {
  const settings = { allowedRegistries: ['registry.example.com', 'ghcr.io/acme'] };
  it('fires for images outside the allow-list, Docker Hub included', () => {
    const hits = runDockerfileRule(registryNotAllowed, 'FROM alpine:3.19\nFROM ghcr.io/other/app:1\nFROM quay.io/x/y:1\n', settings);
    expect(hits.map((h) => h.line)).toEqual([1, 2, 3]);
  });
  it('stays quiet for allowed registries and prefixes, stages, scratch, or with no allow-list', () => {
    expect(runDockerfileRule(registryNotAllowed, 'FROM registry.example.com/alpine:3.19 AS a\nFROM ghcr.io/acme/app:1\nFROM a\nFROM scratch\n', settings)).toEqual([]);
    expect(runDockerfileRule(registryNotAllowed, 'FROM alpine:3.19\n')).toEqual([]);
    expect(runDockerfileRule(registryNotAllowed, 'FROM alpine:3.19\n', { allowedRegistries: ['docker.io'] })).toEqual([]);
  });
  it('maps to hadolint DL3026', () => {
    expect(registryNotAllowed.meta.aliases.hadolint).toEqual(['DL3026']);
  });
});
