import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../testing/dockerfile.js';
import { imageLatest } from './image-latest.js';
import { imageNoDigest } from './image-no-digest.js';
import { imageUntagged } from './image-untagged.js';
import { platformLiteral } from './platform-literal.js';
import { registryNotAllowed } from './registry-not-allowed.js';

describe('docker/image-untagged', () => {
  it('fires on an untagged base image', () => {
    expect(runDockerfileRule(imageUntagged, 'FROM ubuntu\n')).toMatchObject([{ line: 1, message: expect.stringContaining('"ubuntu"') }]);
  });
  it('stays quiet for tags, digests, scratch, stage references and resolved ARG versions', () => {
    expect(runDockerfileRule(imageUntagged, 'ARG VERSION=22.04\nFROM ubuntu:${VERSION} AS base\nFROM base\nFROM scratch\nFROM alpine@sha256:abc\nFROM ${UNKNOWN}\n')).toEqual([]);
  });
});

describe('docker/image-latest', () => {
  it('fires on :latest, also through an ARG default', () => {
    expect(runDockerfileRule(imageLatest, 'ARG T=latest\nFROM node:${T}\n')).toHaveLength(1);
  });
  it('stays quiet for versions and latest pinned by digest', () => {
    expect(runDockerfileRule(imageLatest, 'FROM node:20\nFROM node:latest@sha256:abc\n')).toEqual([]);
  });
});

describe('docker/image-no-digest', () => {
  it('fires on a tag without digest', () => {
    expect(runDockerfileRule(imageNoDigest, 'FROM node:20-alpine\n')).toHaveLength(1);
  });
  it('stays quiet with a digest, for scratch, stage references and latest/untagged (other rules)', () => {
    expect(runDockerfileRule(imageNoDigest, 'FROM node:20@sha256:abc AS a\nFROM a\nFROM scratch\nFROM node\nFROM node:latest\n')).toEqual([]);
  });
});

describe('docker/platform-literal', () => {
  it('fires on a literal --platform', () => {
    expect(runDockerfileRule(platformLiteral, 'FROM --platform=linux/amd64 alpine:3.19\n')).toHaveLength(1);
  });
  it('stays quiet for $BUILDPLATFORM or no flag', () => {
    expect(runDockerfileRule(platformLiteral, 'FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nFROM alpine:3.19\n')).toEqual([]);
  });
});

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
});
