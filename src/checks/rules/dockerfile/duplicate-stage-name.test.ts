import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { duplicateStageName } from './duplicate-stage-name.js';

describe('docker/duplicate-stage-name', () => {
  it('fires on a repeated (case-insensitive) name', () => {
    expect(runDockerfileRule(duplicateStageName, 'FROM a:1 AS build\nFROM b:1 AS BUILD\n')).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet for distinct names', () => {
    expect(runDockerfileRule(duplicateStageName, 'FROM a:1 AS a\nFROM b:1 AS b\nFROM c:1\n')).toEqual([]);
  });
  it('maps to hadolint DL3024', () => {
    expect(duplicateStageName.meta.aliases.hadolint).toEqual(['DL3024']);
  });
});
