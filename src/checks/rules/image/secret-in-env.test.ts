import { describe, expect, it } from 'vitest';
import { secretInEnv } from './secret-in-env.js';
import { runImageRule } from './testdata/run.js';

describe('image/secret-in-env', () => {
  it('fires on a literal secret in Env without printing the value', () => {
    const hits = runImageRule(secretInEnv, 'app-buildkit');
    expect(hits).toEqual([
      { ruleId: 'image/secret-in-env', line: 1, fieldPath: 'config.Env[1]', message: 'image config Env API_TOKEN holds a literal secret value (value not shown)' },
    ]);
    expect(JSON.stringify(hits)).not.toContain('s3cr3t');
  });

  it('applies the Dockerfile secret heuristics: one finding per secret variable', () => {
    const hits = runImageRule(secretInEnv, { config: { Env: ['DB_PASSWORD=hunter22', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI', 'PATH=/bin'] } });
    expect(hits.map((h) => h.fieldPath)).toEqual(['config.Env[0]', 'config.Env[1]']);
  });

  it('stays quiet for nginx, placeholders, references, metadata names and malformed entries', () => {
    expect(runImageRule(secretInEnv, 'nginx-classic')).toEqual([]);
    const Env = ['API_KEY=$API_KEY', 'PASSWORD_FILE=/run/secrets/pw', 'TOKEN_URL=https://x', 'SECRET=changeme', 'NPM_TOKEN', 'TOKEN=', 'PWD=/app', 42, null];
    expect(runImageRule(secretInEnv, { config: { Env: Env as string[] } })).toEqual([]);
    expect(runImageRule(secretInEnv, { config: { Env: 'TOKEN=abc' as never } })).toEqual([]);
  });

  it('is sensitive and maps to Trivy DS031', () => {
    expect(secretInEnv.meta).toMatchObject({ sensitive: true, severity: 'high', aliases: { trivy: ['DS031', 'AVD-DS-0031'] } });
  });
});
