import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { apkPin } from './apk-pin.js';

describe('docker/apk-pin', () => {
  it('fires on unpinned packages, not on --virtual names', () => {
    const text = 'FROM alpine:3\nRUN apk add --no-cache --virtual .deps gcc curl~=8.5 musl-dev=1.2\n';
    expect(runDockerfileRule(apkPin, text)).toMatchObject([{ message: 'apk add without version pins: gcc' }]);
    expect(runDockerfileRule(apkPin, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet for pinned packages', () => {
    expect(runDockerfileRule(apkPin, 'FROM alpine:3\nRUN apk add --no-cache curl=8.5.0-r0\n')).toEqual([]);
  });
  it('maps to hadolint DL3018', () => {
    expect(apkPin.meta.aliases.hadolint).toEqual(['DL3018']);
  });
});
