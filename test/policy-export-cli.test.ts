import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from './helpers/cli.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rampart-policy-export-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const exportCli = (args: string[]) => runCli(['policy', 'export', ...args], { cwd: dir });

interface Listing {
  exported: Array<{ ruleId: string; severity: string; policy: string; binding: string; validationActions: string[] }>;
  skipped: Array<{ ruleId: string; reason: string }>;
}

const listing = async (args: string[]): Promise<Listing> => {
  const run = await exportCli(['--format', 'json', ...args]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Listing;
};

describe('rampart policy export', () => {
  it('writes a policy and a binding per exported rule to stdout, and says how many could not be exported', async () => {
    const run = await exportCli([]);
    expect(run.code, run.stderr).toBe(0);
    const documents = parseAllDocuments(run.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
    const { exported, skipped } = await listing([]);
    expect(documents.map((d) => d.kind)).toEqual(exported.flatMap(() => ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']));
    expect(documents.map((d) => d.metadata.name)).toEqual(exported.flatMap((e) => [e.policy, e.binding]));
    expect(run.stderr).toBe(`rampart: exported ${exported.length} rules as ValidatingAdmissionPolicies; ${skipped.length} cannot be (see --format json)\n`);
  });

  it('lists what was exported and what was skipped, with why, in JSON', async () => {
    const { exported, skipped } = await listing([]);
    expect(exported.find((e) => e.ruleId === 'k8s/pss-privileged')).toEqual({
      ruleId: 'k8s/pss-privileged', severity: 'critical', policy: 'rampart-pss-privileged', binding: 'rampart-pss-privileged', validationActions: ['Deny'],
    });
    expect(exported.find((e) => e.ruleId === 'k8s/pss-host-ports')?.validationActions).toEqual(['Warn']);
    expect(skipped.find((s) => s.ruleId === 'k8s/default-namespace')?.reason).toContain('at admission every namespaced object has one');
    expect(skipped.find((s) => s.ruleId.startsWith('k8s/rbac') || s.ruleId.startsWith('k8s/netpol'))?.reason).toContain('whole set of objects');
  });

  it('writes to a file with -o, and follows --pss-level, --pss-version and --actions', async () => {
    const run = await exportCli(['-o', 'policies.yaml', '--pss-level', 'baseline', '--pss-version', 'v1.24', '--actions', 'Warn,Audit']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const text = await readFile(join(dir, 'policies.yaml'), 'utf8');
    const documents = parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { annotations: Record<string, string> }; spec: { validationActions?: string[] } });
    const ids = documents.filter((d) => d.kind === 'ValidatingAdmissionPolicy').map((d) => d.metadata.annotations['rampart.io/rule-id']);
    expect(ids).toContain('k8s/pss-privileged');
    expect(ids).not.toContain('k8s/pss-run-as-non-root');
    expect(ids).not.toContain('k8s/pss-host-probes-and-host-lifecycle');
    expect(documents.find((d) => d.kind === 'ValidatingAdmissionPolicy')?.metadata.annotations['rampart.io/pss']).toBe('baseline:v1.24');
    for (const binding of documents.filter((d) => d.kind === 'ValidatingAdmissionPolicyBinding')) expect(binding.spec.validationActions).toEqual(['Warn', 'Audit']);
  });

  it('reads rampart.yaml: rules turned off, severities and the admission exemptions', async () => {
    const config = join(dir, 'export-config.yaml');
    await writeFile(config, [
      'rules:',
      '  k8s/pss-privileged: off',
      '  k8s/pss-host-ports: {severity: high}',
      'admission:',
      '  exemptions:',
      '    namespaces: [kube-system]',
      '',
    ].join('\n'));
    const { exported } = await listing(['--config', config]);
    expect(exported.map((e) => e.ruleId)).not.toContain('k8s/pss-privileged');
    expect(exported.find((e) => e.ruleId === 'k8s/pss-host-ports')).toMatchObject({ severity: 'high', validationActions: ['Deny'] });
    const run = await exportCli(['--config', config, '--exclude-namespace', 'monitoring']);
    const binding = parseAllDocuments(run.stdout).map((d) => d.toJS() as { kind: string; spec: Record<string, unknown> }).find((d) => d.kind === 'ValidatingAdmissionPolicyBinding');
    expect(binding?.spec.matchResources).toEqual({
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'monitoring'] }] },
    });
  });

  it.each([
    [['--format', 'sarif'], '--format must be vap or json'],
    [['--actions', 'Deny,Warn'], 'cannot hold both Deny and Warn'],
    [['--actions', 'Block'], '--actions takes Deny, Warn and Audit, not "Block"'],
    [['--pss-level', 'strict'], '--pss-level must be baseline, restricted or off'],
    [['--pss-version', '2.0'], '--pss-version must be "latest" or v1.<minor>'],
    [['extra'], 'policy export takes no arguments'],
  ])('rejects %j with exit 2', async (args, message) => {
    const run = await exportCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it('exits 2 on an invalid rampart.yaml and 3 when the output cannot be written', async () => {
    const config = join(dir, 'broken.yaml');
    await writeFile(config, 'rules:\n  k8s/no-such-rule: off\n');
    expect((await exportCli(['--config', config])).code).toBe(2);
    const run = await exportCli(['-o', join(dir, 'missing-dir', 'out.yaml')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('cannot write');
  });
});
