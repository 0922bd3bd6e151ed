import { describe, expect, it } from 'vitest';
import { loadConfig, runImageRule } from './testdata/run.js';
import { userRoot } from './user-root.js';

describe('image/user-root', () => {
  it('fires on the official nginx config, which sets no User', () => {
    expect(runImageRule(userRoot, 'nginx-classic')).toEqual([
      { ruleId: 'image/user-root', line: 1, fieldPath: 'config.User', message: 'image config sets no User, so the container runs as root' },
    ]);
  });

  it('fires on root, 0, 0:0 and root:root, and on a config without a config section', () => {
    for (const User of ['root', '0', '0:0', 'root:root', ' root ']) {
      expect(runImageRule(userRoot, { config: { User } }), User).toHaveLength(1);
    }
    expect(runImageRule(userRoot, {})).toHaveLength(1);
  });

  it('stays quiet for non-root users set by the classic builder or BuildKit', () => {
    expect(runImageRule(userRoot, 'nginx-unprivileged-classic')).toEqual([]);
    expect(runImageRule(userRoot, 'app-buildkit')).toEqual([]);
    for (const User of ['10001', '65532:65532', 'app:root', '1000:0']) expect(runImageRule(userRoot, { config: { User } }), User).toEqual([]);
  });

  it('maps to the Dockerfile twin\'s peers: Trivy DS002, Checkov CKV_DOCKER_3, CIS Docker 4.1', () => {
    expect(userRoot.meta.aliases).toMatchObject({ trivy: ['DS002', 'AVD-DS-0002'], checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'] });
    expect(userRoot.meta.references.cis).toEqual(['CIS Docker 4.1']);
    expect(loadConfig('nginx-classic').config?.User).toBe('');
  });
});
