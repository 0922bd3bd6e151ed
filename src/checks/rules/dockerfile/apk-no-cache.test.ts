import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { apkNoCache } from './apk-no-cache.js';

describe('docker/apk-no-cache', () => {
  it('fires without --no-cache', () => {
    const text = 'FROM alpine:3\nRUN apk add curl=8.5.0-r0\n';
    expect(runDockerfileRule(apkNoCache, text)).toHaveLength(1);
    expect(runDockerfileRule(apkNoCache, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet with --no-cache, a cache mount or removing the cache', () => {
    expect(runDockerfileRule(apkNoCache, 'FROM alpine:3\nRUN apk add --no-cache curl\nRUN --mount=type=cache,target=/var/cache/apk apk add y\nRUN apk add z && rm -rf /var/cache/apk/*\n')).toEqual([]);
  });
  it('maps to hadolint DL3019', () => {
    expect(apkNoCache.meta.aliases.hadolint).toEqual(['DL3019']);
  });
});
