import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { exposeSsh } from './expose-ssh.js';

describe('docker/expose-ssh', () => {
  it('fires on 22 and ranges covering it', () => {
    const text = 'FROM a:1\nEXPOSE 22\nEXPOSE 20-30/tcp\n';
    expect(runDockerfileRule(exposeSsh, text)).toHaveLength(2);
    expect(runDockerfileRule(exposeSsh, text).map((h) => h.line)).toEqual([2, 3]);
  });
  it('stays quiet for other ports, variables and UDP', () => {
    expect(runDockerfileRule(exposeSsh, 'FROM a:1\nEXPOSE 2222 8022 $PORT 22/udp\n')).toEqual([]);
  });
  it('maps to Trivy DS004 and Checkov CKV_DOCKER_1', () => {
    expect(exposeSsh.meta.aliases.trivy).toEqual(['DS004', 'AVD-DS-0004']);
    expect(exposeSsh.meta.aliases.checkov).toEqual(['CKV_DOCKER_1']);
  });
});
