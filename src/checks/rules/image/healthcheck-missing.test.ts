import { describe, expect, it } from 'vitest';
import { healthcheckMissing } from './healthcheck-missing.js';
import { runImageRule } from './testdata/run.js';

describe('image/healthcheck-missing', () => {
  it('fires when the config has no Healthcheck', () => {
    expect(runImageRule(healthcheckMissing, 'nginx-classic')).toEqual([
      { ruleId: 'image/healthcheck-missing', line: 1, fieldPath: 'config.Healthcheck', message: 'image config has no Healthcheck' },
    ]);
    expect(runImageRule(healthcheckMissing, { config: { Healthcheck: { Test: [] } } })).toHaveLength(1);
  });

  it('accepts a health check and an explicit HEALTHCHECK NONE', () => {
    expect(runImageRule(healthcheckMissing, 'app-buildkit')).toEqual([]);
    expect(runImageRule(healthcheckMissing, 'nginx-unprivileged-classic')).toEqual([]);
  });

  it('is low severity and on by default, like its Dockerfile twin', () => {
    expect(healthcheckMissing.meta.severity).toBe('low');
    expect(healthcheckMissing.meta.defaultEnabled).toBeUndefined();
    expect(healthcheckMissing.meta.aliases.trivy).toEqual(['DS026', 'AVD-DS-0026']);
  });
});
