import { describe, expect, it } from 'vitest';
import { runDockerfileRule } from '../../../testing/dockerfile.js';
import { secretInEnvArg } from './secret-in-env-arg.js';

describe('docker/secret-in-env-arg', () => {
  it('fires on literal secrets in ENV and ARG without printing the value', () => {
    const hits = runDockerfileRule(secretInEnvArg, 'ARG GITHUB_TOKEN=ghp_abcdef\nFROM a:1\nENV DB_PASSWORD=hunter2 OTHER=1\nENV AWS_SECRET_ACCESS_KEY wJalrXUtnFEMI\n');
    expect(hits.map((h) => h.line)).toEqual([1, 3, 4]);
    expect(hits.map((h) => h.message).join(' ')).not.toMatch(/ghp_|hunter2|wJalr/);
  });
  it('stays quiet for declarations, references, placeholders and non-secret names', () => {
    expect(runDockerfileRule(secretInEnvArg, 'FROM a:1\nARG NPM_TOKEN\nENV API_KEY=$API_KEY PASSWORD_FILE=/run/secrets/pw TOKEN_URL=https://x SECRET=changeme PWD=/app\n')).toEqual([]);
  });
  it('maps to Trivy DS031 and remediates with a build secret mount', () => {
    expect(secretInEnvArg.meta.aliases.trivy).toEqual(['DS031', 'AVD-DS-0031']);
    expect(secretInEnvArg.meta.remediation).toContain('--mount=type=secret');
  });
});
