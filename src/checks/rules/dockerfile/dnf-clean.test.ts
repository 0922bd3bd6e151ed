import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { dnfClean } from './dnf-clean.js';

describe('docker/dnf-clean', () => {
  it('fires without dnf clean all, microdnf included', () => {
    const text = 'FROM f:40\nRUN microdnf install -y x\n';
    expect(runDockerfileRule(dnfClean, text)).toHaveLength(1);
    expect(runDockerfileRule(dnfClean, text)).toMatchObject([{ line: 2 }]);
  });
  it('stays quiet with dnf clean all', () => {
    expect(runDockerfileRule(dnfClean, 'FROM f:40\nRUN dnf install -y x && dnf clean all\n')).toEqual([]);
  });
  it('maps to hadolint DL3040', () => {
    expect(dnfClean.meta.aliases.hadolint).toEqual(['DL3040']);
  });
});
