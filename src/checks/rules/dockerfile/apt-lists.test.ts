import { describe, expect, it } from 'vitest';
import { APT_IDIOM, runDockerfileRule } from '../../../testing/dockerfile.js';
import { aptLists } from './apt-lists.js';

describe('docker/apt-lists-not-cleaned', () => {
  it('fires in shipped stages', () => {
    const text = 'FROM d:1\nRUN apt-get update && apt-get install -y x\n';
    expect(runDockerfileRule(aptLists, text)).toHaveLength(1);
    expect(runDockerfileRule(aptLists, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet in builder stages, with a cache mount, and on the canonical idiom', () => {
    expect(runDockerfileRule(aptLists, 'FROM d:1 AS build\nRUN apt-get update && apt-get install -y x\nFROM d:1\nCOPY --from=build /a /a\n')).toEqual([]);
    expect(runDockerfileRule(aptLists, 'FROM d:1\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y x\n')).toEqual([]);
    expect(runDockerfileRule(aptLists, APT_IDIOM)).toEqual([]);
  });
  it('stays quiet with a cache mount on /var/lib/apt alone, so it is no alias of hadolint DL3009, which warns there', () => {
    expect(runDockerfileRule(aptLists, 'FROM d:1\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y x\n')).toEqual([]);
    expect(runDockerfileRule(aptLists, 'FROM d:1\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y x\n')).toHaveLength(1);
    expect(aptLists.meta.aliases.hadolint).toBeUndefined();
  });
});
