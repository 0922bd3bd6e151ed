import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { healthcheckMissing } from './healthcheck-missing.js';

describe('docker/healthcheck-missing', () => {
  it('fires when the final stage has none, at its FROM', () => {
    expect(runDockerfileRule(healthcheckMissing, 'FROM a:1 AS b\nHEALTHCHECK CMD x\nFROM c:1\nCMD ["x"]\n').map((h) => h.line)).toEqual([3]);
  });
  it('stays quiet with HEALTHCHECK, explicit NONE, or one inherited from the base stage', () => {
    expect(runDockerfileRule(healthcheckMissing, 'FROM a:1\nHEALTHCHECK NONE\n')).toEqual([]);
    expect(runDockerfileRule(healthcheckMissing, 'FROM a:1 AS base\nHEALTHCHECK CMD ["x"]\nFROM base\n')).toEqual([]);
  });
  it('maps to Checkov CKV_DOCKER_2 and stays low severity (Kubernetes uses probes instead)', () => {
    expect(healthcheckMissing.meta.aliases.checkov).toEqual(['CKV_DOCKER_2']);
    expect(healthcheckMissing.meta.severity).toBe('low');
  });
});
