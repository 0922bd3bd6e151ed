import { describe, expect, it } from 'vitest';
import { formatPlatform, matchPlatform, parsePlatform, type Platform } from './platform.js';

const entries: Array<{ name: string; platform?: Platform }> = [
  { name: 'amd64', platform: { os: 'linux', architecture: 'amd64' } },
  { name: 'arm-v6', platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
  { name: 'arm-v7', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
  { name: 'arm64', platform: { os: 'linux', architecture: 'arm64' } },
  { name: 'attestation', platform: { os: 'unknown', architecture: 'unknown' } },
  { name: 'no-platform' },
];

describe('platforms', () => {
  it('parses os/arch[/variant]', () => {
    expect(parsePlatform('linux/amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform(' Linux/ARM/v7 ')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(formatPlatform(parsePlatform('linux/arm64/v8'))).toBe('linux/arm64/v8');
  });

  it.each(['linux', 'linux/', '/amd64', 'a/b/c/d', 'linux/amd 64', ''])('rejects %j', (value) => {
    expect(() => parsePlatform(value)).toThrow('invalid platform');
  });

  it('matches os, architecture and variant, treating arm64 as arm64/v8', () => {
    expect(matchPlatform(entries, parsePlatform('linux/amd64'))?.name).toBe('amd64');
    expect(matchPlatform(entries, parsePlatform('linux/arm/v7'))?.name).toBe('arm-v7');
    expect(matchPlatform(entries, parsePlatform('linux/arm'))?.name).toBe('arm-v6');
    expect(matchPlatform(entries, parsePlatform('linux/arm64/v8'))?.name).toBe('arm64');
    expect(matchPlatform(entries, parsePlatform('linux/arm/v5'))).toBeUndefined();
    expect(matchPlatform(entries, parsePlatform('windows/amd64'))).toBeUndefined();
  });
});
