import { describe, expect, it } from 'vitest';
import { exposeSsh } from './expose-ssh.js';
import { runImageRule } from './testdata/run.js';

describe('image/expose-ssh', () => {
  it('fires when the config exposes 22/tcp', () => {
    expect(runImageRule(exposeSsh, 'app-buildkit')).toEqual([
      { ruleId: 'image/expose-ssh', line: 1, fieldPath: 'config.ExposedPorts', message: 'image config exposes "22/tcp" (SSH port 22)' },
    ]);
    expect(runImageRule(exposeSsh, { config: { ExposedPorts: { '22': {} } } })).toHaveLength(1);
  });

  it('stays quiet for other ports, UDP 22 and malformed port maps', () => {
    expect(runImageRule(exposeSsh, 'nginx-classic')).toEqual([]);
    expect(runImageRule(exposeSsh, { config: { ExposedPorts: { '22/udp': {}, '2222/tcp': {}, 'x/tcp': {} } } })).toEqual([]);
    expect(runImageRule(exposeSsh, { config: { ExposedPorts: 'nope' as never } })).toEqual([]);
  });

  it('maps to Trivy DS004 and Checkov CKV_DOCKER_1', () => {
    expect(exposeSsh.meta.aliases).toEqual({ trivy: ['DS004', 'AVD-DS-0004'], checkov: ['CKV_DOCKER_1'] });
  });
});
