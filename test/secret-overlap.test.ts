import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checksummedToken } from '../src/checks/secrets/detectors/testing/tokens.js';
import { scanJson } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rampart-secret-overlap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (text: string) => Buffer.from(text).toString('base64');
const token = checksummedToken('ghp_', 7);

async function findingsOf(name: string, yaml: string): Promise<string[]> {
  writeFileSync(join(dir, name), yaml);
  const { report } = await scanJson([name, '--pss-level', 'off'], { cwd: dir });
  expect(report.errors).toEqual([]);
  return report.findings.filter((f) => f.ruleId.startsWith('secret/') || f.ruleId.includes('secret')).map((f) => `${f.ruleId} ${f.severity} ${f.location.startLine}`);
}

describe('a value reported by a Kubernetes rule and a secret detector', () => {
  it('is reported once, by the side with the higher severity, the detector on a tie', async () => {
    const yaml = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata: {name: app, namespace: app}',
      'stringData:',
      `  github: ${token}`, // line 5: secret/github-pat (high) and k8s/secret-in-manifest (high)
      `  password: ${b64('Xk9#mP2$vL7qR4tW8zY1')}`, // line 6: generic detector (medium) under k8s/secret-in-manifest (high)
      '  config.yaml: |', // lines 7-9: one value rule finding for the whole file
      '    endpoint: https://api.example.com',
      `    token: ${token}`,
      '  region: eu-west-1', // line 10: no detector, still the low rule
      '',
    ].join('\n');
    const found = await findingsOf('secret.yaml', yaml);
    expect(found).toContain('secret/github-pat high 5');
    expect(found).not.toContain('k8s/secret-in-manifest high 5');
    expect(found).toContain('k8s/secret-in-manifest high 6');
    expect(found.filter((f) => f.endsWith(' 6'))).toEqual(['k8s/secret-in-manifest high 6']);
    expect(found).toContain('secret/github-pat high 9');
    expect(found).not.toContain('k8s/secret-in-manifest high 7');
    expect(found).toContain('k8s/secret-config-in-manifest low 10');
  });
});
