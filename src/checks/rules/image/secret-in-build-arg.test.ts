import { describe, expect, it } from 'vitest';
import { secretInBuildArg } from './secret-in-build-arg.js';
import { runImageRule, withHistory } from './testdata/run.js';

describe('image/secret-in-build-arg', () => {
  it('fires once per secret build argument of BuildKit RUN prefixes, at its first step, without the value', () => {
    const hits = runImageRule(secretInBuildArg, 'app-buildkit');
    expect(hits).toEqual([
      {
        ruleId: 'image/secret-in-build-arg',
        line: 4,
        fieldPath: 'history[3].created_by',
        message: 'build argument GITHUB_TOKEN is recorded with a literal secret value in history[3] and 2 later step(s) (value not shown)',
      },
    ]);
    expect(JSON.stringify(hits)).not.toContain('ghp_');
  });

  it('fires on classic builder prefixes and on ARG defaults', () => {
    expect(runImageRule(secretInBuildArg, withHistory('|1 NPM_TOKEN=npm_abcdef123 /bin/sh -c npm ci'))).toMatchObject([{ line: 1, fieldPath: 'history[0].created_by' }]);
    expect(runImageRule(secretInBuildArg, withHistory('/bin/sh -c #(nop)  ARG DB_PASSWORD=hunter22'))).toHaveLength(1);
    expect(runImageRule(secretInBuildArg, withHistory('ARG API_KEY=abcdef12345', 'ARG OTHER=1'))).toHaveLength(1);
  });

  it('stays quiet for declarations, non-secret names, placeholders and images built without build arguments', () => {
    expect(runImageRule(secretInBuildArg, 'nginx-classic')).toEqual([]);
    expect(runImageRule(secretInBuildArg, 'nginx-unprivileged-classic')).toEqual([]);
    expect(runImageRule(secretInBuildArg, withHistory('ARG GITHUB_TOKEN', 'RUN |2 TOKEN_URL=https://x SECRET=changeme /bin/sh -c make # buildkit'))).toEqual([]);
  });

  it('is sensitive and high', () => {
    expect(secretInBuildArg.meta).toMatchObject({ sensitive: true, severity: 'high' });
  });
});
