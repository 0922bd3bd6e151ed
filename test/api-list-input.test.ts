import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const TESTDATA = fileURLToPath(new URL('../src/checks/analysis/netpol/testdata/', import.meta.url));

describe('rampart scan on API list responses', () => {
  it('checks the items of a PodList, whose items carry no kind, as Pods with their own locations', async () => {
    const run = await runCli(['scan', 'api-lists/pods.json', '--skip-secrets', '--skip-dependencies', '--format', 'json', '--fail-on', 'never'], { cwd: TESTDATA });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: Array<{ ruleId: string; resource?: { kind: string; name?: string }; location: { startLine: number } }>; errors: unknown[] };
    expect(report.errors).toEqual([]);
    const pods = new Set(report.findings.map((f) => `${f.resource?.kind}/${f.resource?.name}`));
    expect(pods).toEqual(new Set(['Pod/api-6d4cf56db6-x2x9k', 'Pod/db-0']));
    // The first item spans lines 6-14 of the file; its findings point inside it, not at the list.
    const api = report.findings.filter((f) => f.resource?.name === 'api-6d4cf56db6-x2x9k');
    expect(api.length).toBeGreaterThan(0);
    for (const finding of api) expect(finding.location.startLine).toBeGreaterThanOrEqual(6);
  });
});
